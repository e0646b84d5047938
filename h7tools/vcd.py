"""A small reader of the VCD files the pin trace writes: the changes of
each signal as (time in ns, level) pairs."""


def read(path):
    """{signal name: [(t_ns, level), ...]} from a one-bit-wire VCD file."""
    names, changes, t = {}, {}, 0
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "$var":
                names[w[3]] = w[4]
                changes[w[4]] = []
            elif w[0].startswith("#"):
                t = int(w[0][1:])
            elif w[0][0] in "01" and w[0][1:] in names:
                changes[names[w[0][1:]]].append((t, int(w[0][0])))
    return changes


def pulses(changes):
    """(level, duration) of each level between two changes."""
    return [(a[1], b[0] - a[0]) for a, b in zip(changes, changes[1:])]
