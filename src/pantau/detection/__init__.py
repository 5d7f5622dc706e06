"""pantau.detection: placeholder, filled below."""
