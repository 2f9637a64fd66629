"""The application layer: every change to a cell or a meeting, for the screens, the command
line and the tests alike (``CellService`` for the data folder, ``MeetingService`` for one
meeting), and the files a user asks to be written."""
