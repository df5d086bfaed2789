"""The Qt side: the window, the slide views, the chrome. Views of `kiosk.content`."""
