"""After the engine: the finished site (stylesheet, service worker, compressed twins), swapped in, the role chooser."""
