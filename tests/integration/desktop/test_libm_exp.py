"""The port's exp (firmware/h747-cm7/libm_exp.c), built for the host: every
result equals exp rounded correctly from a 60-digit decimal, over random
arguments in the whole range (subnormal results included) and the edges;
exp(1.0) is math.e."""
import math
import random
import subprocess
from decimal import Decimal, getcontext
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "firmware/h747-cm7/libm_exp.c"
DRIVER = r"""
#include <math.h>
#include <stdio.h>
#define exp h7_exp /* after math.h: the host's own exp keeps its name */
#include "%s"
int main(void) {
    double x;
    while (scanf("%%la", &x) == 1) {
        printf("%%a\n", h7_exp(x));
    }
    return 0;
}
"""


@pytest.fixture(scope="module")
def h7_exp(tmp_path_factory):
    """exp of a list of doubles, through the port's exp built for the host"""
    d = tmp_path_factory.mktemp("libm_exp")
    (d / "drv.c").write_text(DRIVER % SRC)
    subprocess.run(["gcc", "-O2", "-ffp-contract=off", "-fno-builtin", "-o", str(d / "drv"),
                    str(d / "drv.c"), "-lm"], check=True)

    def run(xs):
        out = subprocess.run([str(d / "drv")], input="\n".join(x.hex() for x in xs),
                             capture_output=True, text=True, check=True).stdout.split()
        assert len(out) == len(xs)
        return [float.fromhex(o) for o in out]
    return run


def test_exp_is_correctly_rounded(h7_exp):
    rng = random.Random(15)
    xs = [1.0, -1.0, 0.0, -0.0, 5e-17, -5e-17, 1e-10, 0.5, 2.0, 709.782712893384,
          -745.1332191019411, -745.0, -708.4, 0.6931471805599453]
    xs += [rng.uniform(-745.2, 709.78) for _ in range(20000)]
    xs += [rng.uniform(-745.2, -700.0) for _ in range(5000)]        # subnormal results
    xs += [rng.uniform(-1, 1) for _ in range(10000)]
    xs += [float(n) for n in range(-60, 60)]
    got = h7_exp(xs)
    getcontext().prec = 60
    wrong = [(x, y) for x, y in zip(xs, got) if y != float(Decimal(x).exp())]
    assert not wrong, wrong[:5]
    assert got[0] == math.e


def test_exp_edges(h7_exp):
    got = h7_exp([710.0, 1e308, math.inf, -746.0, -1e308, -math.inf, math.nan])
    assert got[:3] == [math.inf] * 3                       # overflow
    assert got[3:6] == [0.0] * 3                           # underflow
    assert math.isnan(got[6])
