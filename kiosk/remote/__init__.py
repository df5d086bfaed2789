"""Content from a URL: signed bundles (a zip of the content file and its assets) fetched
from any static web server, checked, unpacked into the local cache and swapped in whole.
No Qt here: kiosk.ui.remote runs it in a worker thread and shows what it brings."""
