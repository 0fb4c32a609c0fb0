"""Each rendered StackSet template, deployed to moto's CloudFormation.

moto_server runs on a loopback port in this process. CloudFormation's
custom resources call the template's own inline function: moto cannot run
Lambda code without Docker, so its invoke runs that code here, with boto3
pointed at the same moto server, and the function answers CloudFormation
through the response URL as it does in AWS.
"""
import json
import threading
import time
import urllib.error
import urllib.request

import boto3
import pytest
from moto.awslambda.models import LambdaFunction
from moto.server import ThreadedMotoServer

import moto_backup
from conftest import CfnResponses, load_vault_manager, rendered_templates

moto_backup.install()

KEY_ID = "mrk-0123456789abcdef0123456789abcdef"
ACCOUNT = "123456789012"  # moto's account


def as_list(value):
    return value if isinstance(value, list) else [] if value is None else [value]


@pytest.fixture(scope="module")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def deploy(moto_endpoint, monkeypatch):
    """Deploys a template the way StackSets do for one account and region."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).read()
    failures = []

    def respond(url, response):
        if response["Status"] != "SUCCESS":
            failures.append(response["Reason"])
        path = url.split("/", 3)[3]  # moto's response URL names a host only Docker can reach
        region = response["StackId"].split(":")[3]  # moto reads the region from the signature
        request = urllib.request.Request(f"{moto_endpoint}/{path}", data=json.dumps(response).encode(),
                                         method="PUT", headers={
                                             "Content-Type": "application/json",
                                             "Authorization": f"AWS4-HMAC-SHA256 Credential=testing/20261127/{region}"
                                                              "/cloudformation/aws4_request"})
        # moto records the stack only once CreateStack returns, while a Lambda
        # in AWS answers seconds later: wait for it.
        for attempt in range(50):
            try:
                urllib.request.urlopen(request).read()
                return
            except urllib.error.HTTPError:
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def invoke(function, body, *args, **kwargs):
        # The function's inline code and environment, as the deployed
        # template holds them.
        module = load_vault_manager(template_code[0], CfnResponses(forward=respond))
        for name, value in function.environment_vars.items():
            monkeypatch.setenv(name, value)
        request = json.loads(body)
        # moto's response URL names its own server; the function answers
        # only CloudFormation's response buckets, so point it at one with
        # the same path, which respond() sends back to moto.
        path = request["ResponseURL"].split("/", 3)[3]
        region = request["StackId"].split(":")[3]
        # Lambda sets both (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html); boto3
        # reads AWS_DEFAULT_REGION, so a stack outside the tier's default region gets its own region's clients.
        monkeypatch.setenv("AWS_REGION", region)
        monkeypatch.setenv("AWS_DEFAULT_REGION", region)
        request["ResponseURL"] = (f"https://cloudformation-custom-resource-response-{region.replace('-', '')}"
                                  f".s3.{region}.amazonaws.com/{path}")
        threading.Thread(target=module.handler, args=(request, None)).start()
        return b""

    template_code = []
    monkeypatch.setattr(LambdaFunction, "invoke", invoke)

    def run(template_path, region, stack_name="orgbackup-member"):
        template = json.loads(template_path.read_text())
        template_code[:] = [template["Resources"]["VaultManager"]["Properties"]["Code"]["ZipFile"]]
        cfn = boto3.client("cloudformation", region_name=region)
        cfn.create_stack(StackName=stack_name, TemplateBody=template_path.read_text(),
                         Parameters=[{"ParameterKey": "KmsKeyId", "ParameterValue": KEY_ID}],
                         Capabilities=["CAPABILITY_NAMED_IAM"])
        for _ in range(100):
            status = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]["StackStatus"]
            if not status.endswith("IN_PROGRESS"):
                break
            time.sleep(0.1)
        return status, template, failures

    return run


@pytest.mark.parametrize("template_path", rendered_templates(), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_template_creates_its_stack(deploy, template_path):
    template = json.loads(template_path.read_text())
    primary = template["Conditions"]["CreateGlobalResources"]["Fn::Equals"][1]
    status, template, failures = deploy(template_path, primary)
    assert failures == []
    assert status == "CREATE_COMPLETE"

    backup = boto3.client("backup", region_name=primary)
    vaults = {v["BackupVaultName"]: v for v in backup.list_backup_vaults()["BackupVaultList"]}
    backup_vault = template["Resources"]["BackupVault"]["Properties"]
    restore_vault = template["Resources"]["RestoreVault"]["Properties"]
    assert vaults[backup_vault["BackupVaultName"]]["EncryptionKeyArn"].endswith(f":key/{KEY_ID}")
    assert restore_vault["BackupVaultName"] in vaults
    policy = json.loads(backup.get_backup_vault_access_policy(BackupVaultName=backup_vault["BackupVaultName"])["Policy"])
    assert policy["Statement"][0]["Sid"] == "ProtectVaultAndContents"
    assert all("Fn::" not in json.dumps(s) for s in policy["Statement"]), "CloudFormation resolved every function"

    iam = boto3.client("iam")
    for logical_id in ("BackupServiceRole", "CentralAccessRole", "RestoreAccessRole", "BackupServiceRestoreRole",
                       "EventForwarderRole"):
        name = template["Resources"][logical_id]["Properties"]["RoleName"]
        assert iam.get_role(RoleName=name)["Role"]["RoleName"] == name
    assert iam.get_role(RoleName="AWSServiceRoleForBackup")

    # The vault manager's role has the template's exact name for the region, on its path; the function runs as
    # it, and the vault policies exempt that role, not every role on the path.
    manager = template["Resources"]["VaultManagerRole"]["Properties"]
    assert manager["RoleName"]["Fn::Sub"].endswith("-vault-manager-${AWS::Region}")
    role = iam.get_role(RoleName=manager["RoleName"]["Fn::Sub"].replace("${AWS::Region}", primary))["Role"]
    assert role["Path"] == manager["Path"]
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT}:role{manager['Path']}{role['RoleName']}"
    function = template["Resources"]["VaultManager"]["Properties"]["FunctionName"]
    assert boto3.client("lambda", region_name=primary).get_function(
        FunctionName=function)["Configuration"]["Role"] == role["Arn"]
    exempt = [arn for s in policy["Statement"]
              for arn in as_list(s.get("Condition", {}).get("ArnNotLike", {}).get("aws:PrincipalArn"))
              if "-vault-manager" in arn]
    assert exempt and set(exempt) == {role["Arn"]}, exempt

    rule_name = template["Resources"]["EventForwarderRule"]["Properties"]["Name"]
    events = boto3.client("events", region_name=primary)
    pattern = json.loads(events.describe_rule(Name=rule_name)["EventPattern"])
    assert pattern["source"] == ["aws.backup"]
    targets = events.list_targets_by_rule(Rule=rule_name)["Targets"]
    assert targets[0]["Arn"].startswith(f"arn:aws:events:{primary}:")


def test_an_account_that_rejoins_adopts_its_vaults(deploy):
    template_path = rendered_templates()[0]
    template = json.loads(template_path.read_text())
    primary = template["Conditions"]["CreateGlobalResources"]["Fn::Equals"][1]
    name = template["Resources"]["BackupVault"]["Properties"]["BackupVaultName"]
    backup = boto3.client("backup", region_name=primary)
    backup.create_backup_vault(BackupVaultName=name, EncryptionKeyArn=f"arn:aws:kms:{primary}:111111111111:key/{KEY_ID}")
    status, _, failures = deploy(template_path, primary)
    assert failures == []
    assert status == "CREATE_COMPLETE"


def test_one_account_takes_the_stack_of_every_region(deploy):
    """The StackSet creates a stack per account and region, and role names are unique in an account
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): the vault manager's role is
    named for its region, so the stack of a second region in the same account creates its own role beside the
    first's."""
    template_path = rendered_templates()[0]
    template = json.loads(template_path.read_text())
    primary = template["Conditions"]["CreateGlobalResources"]["Fn::Equals"][1]
    other = "us-east-1" if primary != "us-east-1" else "eu-west-1"
    for region in (primary, other):
        status, _, failures = deploy(template_path, region, stack_name=f"orgbackup-member-{region}")
        assert failures == []
        assert status == "CREATE_COMPLETE", region
    manager = template["Resources"]["VaultManagerRole"]["Properties"]
    roles = {r["RoleName"] for r in boto3.client("iam").list_roles(PathPrefix=manager["Path"])["Roles"]}
    assert roles == {manager["RoleName"]["Fn::Sub"].replace("${AWS::Region}", r) for r in (primary, other)}
