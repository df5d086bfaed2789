"""Park Kiosk: the lobby presenter of the Zhongguancun Industrial Internet Industrial Park."""

__version__ = "0.1.0"
