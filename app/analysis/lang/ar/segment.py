"""Arabic sentence splitting: the abbreviated titles written with a full stop before a name
(د. for doctor, م. for engineer, أ. for professor or mister)."""

NO_BREAK_AFTER = frozenset("د. م. أ. أ.د. ش.".split())
