"""The meter link: DL/T 645-2007 over a serial port (RS-485 adapter or
optical probe). ``dlt645`` is the frame codec, ``serial_link`` the port."""
