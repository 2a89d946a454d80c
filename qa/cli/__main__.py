"""`python -m qa.cli …`, the same as the installed `policyqa`."""

import sys

from qa.cli import main

sys.exit(main())
