"""Runs the management program under Pulumi's mocks: the OrgPrerequisites
component receives every input of the backup account's OrgBackup and the
backup account's id, and its outputs come back with their types. The
resources it registers in the management account run only in the engine
(tests/engine/prerequisites_programs_test.go)."""
import importlib.util
import json
import pathlib

import pulumi

HERE = pathlib.Path(__file__).parent
# The organization every example deploys.
EXPECTED_INPUTS = {**json.loads((HERE.parent.parent / "testdata" / "inputs.json").read_text()),
                   "backupAccountId": "111111111111"}
# What the mocked component answers with.
OUTPUTS = {
    "organizationId": "o-abcd1234ef",
    "delegationPolicy": '{"Version":"2012-10-17","Statement":[]}',
    "guardPolicyIds": {"website-service": "p-abcd1234"},
    "delegatedAdministrators": ["backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"],
    "manualSteps": [],
}


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.registered = []

    def new_resource(self, args):
        self.registered.append(args)
        state = dict(args.inputs)
        if args.typ == "orgbackup:index:OrgPrerequisites":
            state.update(OUTPUTS)
        return [f"{args.name}-id", state]

    def call(self, args):
        return {}


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, project="orgbackup-python-management", stack="test", preview=False)

spec = importlib.util.spec_from_file_location("program", HERE / "__main__.py")
program = importlib.util.module_from_spec(spec)
spec.loader.exec_module(program)


@pulumi.runtime.test
def test_every_input_reaches_the_component():
    def check(_):
        prerequisites = next(r for r in mocks.registered if r.typ == "orgbackup:index:OrgPrerequisites")
        assert prerequisites.inputs == EXPECTED_INPUTS
    return program.prerequisites.urn.apply(check)


@pulumi.runtime.test
def test_outputs_have_their_types():
    p = program.prerequisites

    def check(values):
        policy, guards, principals, steps = values
        assert policy == OUTPUTS["delegationPolicy"]
        assert guards == OUTPUTS["guardPolicyIds"]
        assert principals == OUTPUTS["delegatedAdministrators"]
        assert steps == []

    return pulumi.Output.all(p.delegation_policy, p.guard_policy_ids, p.delegated_administrators,
                             p.manual_steps).apply(check)
