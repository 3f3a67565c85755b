"""Messages that leave the system: SMS for urgent notices (``sms``). Qt-free; used by the server."""
