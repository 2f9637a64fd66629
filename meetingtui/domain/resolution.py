"""The resolution (nghị quyết) or conclusion (kết luận) drafted during the meeting (DOMAIN §6).

To be built: see issue 6.
"""
