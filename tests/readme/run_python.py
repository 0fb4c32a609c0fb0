"""Runs one Python block of the documentation as a Pulumi program under
Pulumi's mocks, with sdk/python installed: the imports resolve, every
constructor accepts its keyword arguments, and the outputs it reads exist.

usage: python run_python.py BLOCK.py"""
import json
import os
import pathlib
import runpy
import sys

import pulumi

# What OrgBackup outputs for the example organization (the examples' test data).
DEPLOYMENTS = json.loads(
    (pathlib.Path(__file__).resolve().parents[2] / "examples" / "testdata" / "deployments.json").read_text())


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        state = dict(args.inputs)
        if args.typ == "orgbackup:index:OrgBackup":
            state["deployments"] = DEPLOYMENTS
            # The inputs as the component receives them, for the caller to validate.
            if os.environ.get("ORGBACKUP_README_INPUTS"):
                with open(os.environ["ORGBACKUP_README_INPUTS"], "a") as f:
                    f.write(json.dumps(args.inputs) + "\n")
        return [f"{args.name}-id", state]

    def call(self, args):
        return {}


pulumi.runtime.set_mocks(Mocks(), project="readme", stack="test", preview=False)


@pulumi.runtime.test
def program():
    """The block's program; the decorator waits for its outputs, so an
    error in an apply fails the run too."""
    runpy.run_path(sys.argv[1], run_name="__main__")


program()
