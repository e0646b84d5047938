# A small unittest for h7stack's MicroPython: TestCase with the common
# assertions, skips, expected failures, setUp/tearDown (and the class
# variants), subTest, and main() printing the summary run-tests.py reads.
import sys


class SkipTest(Exception):
    pass


class _AssertRaisesContext:
    def __init__(self, exc):
        self.expected = exc
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            raise AssertionError("%r not raised" % self.expected)
        if issubclass(exc_type, self.expected):
            self.exception = exc_value
            return True
        return False


class _SubTest:
    def __init__(self, case, msg, params):
        self.case, self.msg, self.params = case, msg, params

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            return False
        if issubclass(exc_type, SkipTest):
            return False
        label = " ".join("%s=%r" % kv for kv in self.params.items())
        self.case._subtest_failures.append(("[%s] %s" % (self.msg or "", label), exc_value))
        return True


class TestCase:
    longMessage = True

    def __init__(self, name="runTest"):
        self._testMethodName = name
        self._subtest_failures = []

    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def skipTest(self, reason):
        raise SkipTest(reason)

    def subTest(self, msg=None, **params):
        return _SubTest(self, msg, params)

    def fail(self, msg=None):
        raise AssertionError(msg or "fail")

    def _check(self, cond, default, msg):
        if not cond:
            raise AssertionError(msg if msg is not None else default)

    def assertEqual(self, x, y, msg=None):
        self._check(x == y, "%r != %r" % (x, y), msg)

    def assertNotEqual(self, x, y, msg=None):
        self._check(x != y, "%r == %r" % (x, y), msg)

    def assertLess(self, x, y, msg=None):
        self._check(x < y, "%r not less than %r" % (x, y), msg)

    def assertLessEqual(self, x, y, msg=None):
        self._check(x <= y, "%r not less than or equal to %r" % (x, y), msg)

    def assertGreater(self, x, y, msg=None):
        self._check(x > y, "%r not greater than %r" % (x, y), msg)

    def assertGreaterEqual(self, x, y, msg=None):
        self._check(x >= y, "%r not greater than or equal to %r" % (x, y), msg)

    def assertAlmostEqual(self, x, y, places=None, msg=None, delta=None):
        if x == y:
            return
        if delta is not None:
            self._check(abs(x - y) <= delta, "%r != %r within %r delta" % (x, y, delta), msg)
        else:
            places = 7 if places is None else places
            self._check(round(abs(y - x), places) == 0,
                        "%r != %r within %r places" % (x, y, places), msg)

    def assertNotAlmostEqual(self, x, y, places=None, msg=None, delta=None):
        if delta is not None:
            self._check(abs(x - y) > delta, "%r == %r within %r delta" % (x, y, delta), msg)
        else:
            places = 7 if places is None else places
            self._check(round(abs(y - x), places) != 0,
                        "%r == %r within %r places" % (x, y, places), msg)

    def assertIs(self, x, y, msg=None):
        self._check(x is y, "%r is not %r" % (x, y), msg)

    def assertIsNot(self, x, y, msg=None):
        self._check(x is not y, "%r is %r" % (x, y), msg)

    def assertIsNone(self, x, msg=None):
        self._check(x is None, "%r is not None" % (x,), msg)

    def assertIsNotNone(self, x, msg=None):
        self._check(x is not None, "%r is None" % (x,), msg)

    def assertTrue(self, x, msg=None):
        self._check(x, "Expected %r to be True" % (x,), msg)

    def assertFalse(self, x, msg=None):
        self._check(not x, "Expected %r to be False" % (x,), msg)

    def assertIn(self, x, y, msg=None):
        self._check(x in y, "Expected %r to be in %r" % (x, y), msg)

    def assertNotIn(self, x, y, msg=None):
        self._check(x not in y, "Expected %r to not be in %r" % (x, y), msg)

    def assertIsInstance(self, x, cls, msg=None):
        self._check(isinstance(x, cls), "%r is not an instance of %r" % (x, cls), msg)

    def assertNotIsInstance(self, x, cls, msg=None):
        self._check(not isinstance(x, cls), "%r is an instance of %r" % (x, cls), msg)

    def assertCountEqual(self, x, y, msg=None):
        self._check(sorted(x) == sorted(y), "%r and %r differ" % (x, y), msg)

    def assertRaises(self, exc, func=None, *args, **kwargs):
        ctx = _AssertRaisesContext(exc)
        if func is None:
            return ctx
        with ctx:
            func(*args, **kwargs)
        return None


def skip(reason):
    def deco(f):
        def skipped(*a, **k):
            raise SkipTest(reason)
        return skipped
    return deco


def skipIf(cond, reason):
    return skip(reason) if cond else (lambda f: f)


def skipUnless(cond, reason):
    return skip(reason) if not cond else (lambda f: f)


def expectedFailure(f):
    def wrapper(*a, **k):
        try:
            f(*a, **k)
        except Exception:
            return
        raise AssertionError("unexpected success")
    return wrapper


class TestResult:
    def __init__(self):
        self.testsRun = 0
        self.failures = []
        self.errors = []
        self.skipped = []

    def wasSuccessful(self):
        return not self.failures and not self.errors


def _print_exc(e):
    if hasattr(sys, "print_exception"):
        sys.print_exception(e)
    else:
        print(repr(e))


def _run_case(cls, name, result):
    case = cls(name)
    result.testsRun += 1
    print("%s (%s.%s) ..." % (name, cls.__module__, cls.__name__), end="")
    try:
        case.setUp()
        try:
            getattr(case, name)()
        finally:
            case.tearDown()
        for label, e in case._subtest_failures:
            result.failures.append((name + " " + label, e))
        print(" FAIL" if case._subtest_failures else " ok")
    except SkipTest as e:
        print(" skipped:", e.args[0] if e.args else "")
        result.skipped.append((name, e))
    except AssertionError as e:
        print(" FAIL")
        result.failures.append((name, e))
    except Exception as e:  # noqa: BLE001
        print(" ERROR")
        result.errors.append((name, e))


def _run_class(cls, result):
    names = sorted(n for n in dir(cls) if n.startswith("test") and callable(getattr(cls, n)))
    try:
        cls.setUpClass()
    except SkipTest as e:
        for n in names:
            result.testsRun += 1
            result.skipped.append((n, e))
        return
    try:
        for n in names:
            _run_case(cls, n, result)
    finally:
        cls.tearDownClass()


def _summary(result):
    for kind, items in (("FAIL", result.failures), ("ERROR", result.errors)):
        for name, e in items:
            print("=" * 70)
            print("%s: %s" % (kind, name))
            _print_exc(e)
    print("-" * 70)
    print("Ran %d tests\n" % result.testsRun)
    if result.wasSuccessful():
        if result.skipped:
            print("OK (skipped=%d)" % len(result.skipped))
        else:
            print("OK")
    else:
        print("FAILED (failures=%d, errors=%d)" % (len(result.failures), len(result.errors)))


def main(module="__main__", **kwargs):
    if isinstance(module, str):
        module = sys.modules[module] if module in sys.modules else __import__(module)
    result = TestResult()
    for name in dir(module):
        obj = getattr(module, name)
        if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase:
            _run_class(obj, result)
    _summary(result)
    return result
