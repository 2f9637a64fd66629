"""What comes in from and goes out to other programs: a meeting's archive and the roster CSV.
Everything read from outside is checked here, at the edge, before anything is stored."""
