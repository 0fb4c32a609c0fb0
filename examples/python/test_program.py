"""Runs the program under Pulumi's mocks: the OrgBackup component receives
every input, and its outputs come back with their types."""
import importlib.util
import json
import pathlib

import pulumi

HERE = pathlib.Path(__file__).parent
# The organization every example deploys, and what OrgBackup outputs for it.
EXPECTED_INPUTS = json.loads((HERE.parent / "testdata" / "inputs.json").read_text())
DEPLOYMENTS = json.loads((HERE.parent / "testdata" / "deployments.json").read_text())


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.registered = []

    def new_resource(self, args):
        self.registered.append(args)
        state = dict(args.inputs)
        if args.typ == "orgbackup:index:OrgBackup":
            state["deployments"] = DEPLOYMENTS
        return [f"{args.name}-id", state]

    def call(self, args):
        return {}


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, project="orgbackup-python", stack="test", preview=False)

spec = importlib.util.spec_from_file_location("program", HERE / "__main__.py")
program = importlib.util.module_from_spec(spec)
spec.loader.exec_module(program)


@pulumi.runtime.test
def test_every_input_reaches_the_component():
    def check(_):
        backup = next(r for r in mocks.registered if r.typ == "orgbackup:index:OrgBackup")
        assert backup.inputs == EXPECTED_INPUTS
    return program.backup.urn.apply(check)


@pulumi.runtime.test
def test_outputs_have_their_types():
    website = DEPLOYMENTS["website-service"]

    def check_deployments(deployments):
        typed = deployments["website-service"]
        assert typed.policy_names == website["policyNames"]
        assert typed.member_account_config.kms_key_id == website["memberAccountConfig"]["kmsKeyId"]
        assert typed.regions["eu-west-1"].lag_vault_arns == website["regions"]["eu-west-1"]["lagVaultArns"]

    def check_standard_vault(arn):
        assert arn == website["regions"]["eu-west-2"]["standardVaultArn"]

    # Checked apart: Output.all would turn the typed outputs (dict subclasses) back into dicts.
    return pulumi.Output.all(program.backup.deployments.apply(check_deployments),
                             program.standard_vault_arn.apply(check_standard_vault))
