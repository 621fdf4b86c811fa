"""Record the current output of `lantern check` for a test file as its expectation."""

import sys

from tests.ltn.harness import HERE, check_output

for name in sys.argv[1:]:
    code, text = check_output(name)
    (HERE / f"{name}.expected").write_text(text, encoding="utf-8")
    print(f"{name}: exit {code}, {len(text.splitlines())} lines recorded")
