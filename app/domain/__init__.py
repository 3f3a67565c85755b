"""Pure rules shared by the desktop client and the server. No I/O, no Qt."""
