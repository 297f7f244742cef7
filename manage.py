#!/usr/bin/env python
from portevoix.cli import main

if __name__ == "__main__":
    main()
