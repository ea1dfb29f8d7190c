"""The generated files match the schema."""

import subprocess
import sys
import unittest
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "generate.py"


class GeneratedFilesTests(unittest.TestCase):
    def test_generated_files_are_up_to_date(self):
        result = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
