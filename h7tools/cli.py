"""Argument types shared by the command-line scripts."""
import argparse
import os


def image_arg(default_addr):
    """argparse type for IMAGE[@ADDR]: (path, address), the file must exist."""
    def parse(spec):
        path, _, addr = spec.partition("@")
        try:
            address = int(addr, 0) if addr else default_addr
        except ValueError:
            raise argparse.ArgumentTypeError(f"{spec}: address '{addr}' is not a number")
        if not os.path.isfile(path):
            raise argparse.ArgumentTypeError(f"{path}: no such file")
        return path, address
    return parse
