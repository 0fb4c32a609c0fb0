"""The StackSet's custom resource function, against moto."""
import json

import boto3
import pytest
from moto import mock_aws
from moto.backup.exceptions import InvalidRequestException
from moto.backup.models import BackupBackend, backup_backends

import moto_backup
from conftest import VAULT_MANAGER, CfnResponses, event, load_vault_manager, policy

moto_backup.install()

KEY = "arn:aws:kms:eu-west-2:111111111111:key/mrk-1234"
ACCOUNT = "123456789012"


@pytest.fixture
def aws():
    with mock_aws():
        yield


@pytest.fixture
def handler():
    responses = CfnResponses()
    return load_vault_manager(VAULT_MANAGER.read_text(), responses), responses


def vault_event(request_type="Create", name="org-web-cmk", key=KEY, statement="ProtectVaultAndContents", tags="{}",
                old_tags=None):
    props = {"BackupVaultName": name, "AccessPolicy": policy(statement), "Tags": tags}
    if key:
        props["EncryptionKeyArn"] = key
    e = event(request_type, "Custom::BackupVault", "BackupVault", props,
              physical_id=None if request_type == "Create" else name)
    if old_tags is not None:
        e["OldResourceProperties"] = dict(props, Tags=old_tags)
    return e


def vault_tags(name):
    arn = boto3.client("backup").describe_backup_vault(BackupVaultName=name)["BackupVaultArn"]
    return boto3.client("backup").list_tags(ResourceArn=arn)["Tags"]


def stored_policy(name):
    return json.loads(boto3.client("backup").get_backup_vault_access_policy(BackupVaultName=name)["Policy"])


def test_creates_the_vault_with_its_key_and_policy(aws, handler):
    module, responses = handler
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert responses.sent[-1]["PhysicalResourceId"] == "org-web-cmk"
    vault = boto3.client("backup").describe_backup_vault(BackupVaultName="org-web-cmk")
    assert vault["EncryptionKeyArn"] == KEY
    assert responses.sent[-1]["Data"]["BackupVaultArn"] == vault["BackupVaultArn"]
    assert stored_policy("org-web-cmk") == policy()


def test_adopts_an_existing_vault(aws, handler):
    module, responses = handler
    existing = boto3.client("backup").create_backup_vault(BackupVaultName="org-web-cmk", EncryptionKeyArn=KEY)
    module.handler(vault_event(statement="Updated"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert responses.sent[-1]["Data"]["BackupVaultArn"] == existing["BackupVaultArn"]
    assert stored_policy("org-web-cmk") == policy("Updated")
    assert len(boto3.client("backup").list_backup_vaults()["BackupVaultList"]) == 1


def test_tags_the_vault_it_creates(aws, handler):
    module, responses = handler
    module.handler(vault_event(tags='{"team":"platform","cost-centre":"42"}'), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"team": "platform", "cost-centre": "42"}


def test_update_sets_new_tags_and_removes_dropped_ones(aws, handler):
    module, responses = handler
    module.handler(vault_event(tags='{"team":"platform","cost-centre":"42"}'), None)
    module.handler(vault_event("Update", tags='{"team":"backup"}',
                               old_tags='{"team":"platform","cost-centre":"42"}'), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"team": "backup"}


def test_adoption_keeps_tags_it_did_not_set(aws, handler):
    module, responses = handler
    boto3.client("backup").create_backup_vault(BackupVaultName="org-web-cmk", EncryptionKeyArn=KEY,
                                               BackupVaultTags={"owner": "someone"})
    module.handler(vault_event(tags='{"team":"platform"}'), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert vault_tags("org-web-cmk") == {"owner": "someone", "team": "platform"}


OTHER_KEY = "arn:aws:kms:eu-west-2:111111111111:key/other"


def create_on_a_vault_with_another_key(module, responses):
    boto3.client("backup").create_backup_vault(BackupVaultName="org-web-cmk", EncryptionKeyArn=OTHER_KEY)
    module.handler(vault_event(), None)
    assert responses.sent[-1]["Status"] == "FAILED"


def test_refuses_an_existing_vault_on_another_key(aws, handler):
    module, responses = handler
    create_on_a_vault_with_another_key(module, responses)
    assert f"exists with key {OTHER_KEY}" in responses.sent[-1]["Reason"]


def test_restore_vault_uses_the_aws_managed_key(aws, handler):
    module, responses = handler
    module.handler(vault_event(name="org-web-default", key=None), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert boto3.client("backup").describe_backup_vault(BackupVaultName="org-web-default")["BackupVaultName"]


def test_delete_removes_an_empty_vault(aws, handler):
    module, responses = handler
    module.handler(vault_event(), None)
    module.handler(vault_event("Delete"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS"
    assert boto3.client("backup").list_backup_vaults()["BackupVaultList"] == []


def test_delete_keeps_a_vault_with_recovery_points(aws, handler):
    module, responses = handler
    module.handler(vault_event(), None)
    vault = backup_backends[ACCOUNT]["eu-west-2"].vaults["org-web-cmk"]
    vault.recovery_points = [{"RecoveryPointArn": "arn:aws:backup:eu-west-2:123456789012:recovery-point:1"}]
    module.handler(vault_event("Delete"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", "an account leaving the OU never blocks its stack"
    assert [v["BackupVaultName"] for v in boto3.client("backup").list_backup_vaults()["BackupVaultList"]] == ["org-web-cmk"]


def test_delete_keeps_a_vault_that_gains_a_recovery_point_meanwhile(aws, handler, monkeypatch):
    module, responses = handler
    module.handler(vault_event(), None)

    def refuse(self, backup_vault_name):
        raise InvalidRequestException(msg="Backup vault cannot be deleted because it contains recovery points.")
    monkeypatch.setattr(BackupBackend, "delete_backup_vault", refuse)
    module.handler(vault_event("Delete"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]


def test_rollback_of_a_failed_create_keeps_the_existing_vault(aws, handler):
    module, responses = handler
    create_on_a_vault_with_another_key(module, responses)
    rollback = vault_event("Delete")
    rollback["PhysicalResourceId"] = responses.sent[-1]["PhysicalResourceId"]
    module.handler(rollback, None)
    assert responses.sent[-1]["Status"] == "SUCCESS"
    assert [v["BackupVaultName"] for v in boto3.client("backup").list_backup_vaults()["BackupVaultList"]] == ["org-web-cmk"]


def test_delete_of_a_missing_vault_succeeds(aws, handler):
    module, responses = handler
    module.handler(vault_event("Delete"), None)
    assert responses.sent[-1]["Status"] == "SUCCESS"


def test_creates_the_service_linked_role_only_when_missing(aws, handler):
    module, responses = handler
    slr = event("Create", "Custom::BackupServiceLinkedRole", "BackupServiceLinkedRole", {})
    module.handler(slr, None)
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    role = boto3.client("iam").get_role(RoleName="AWSServiceRoleForBackup")["Role"]
    assert role["Path"] == "/aws-service-role/backup.amazonaws.com/"
    module.handler(slr, None)  # the role exists now: adopted, not created twice
    assert responses.sent[-1]["Status"] == "SUCCESS", responses.sent[-1]["Reason"]
    assert responses.sent[-1]["Data"]["Arn"] == role["Arn"]
    module.handler(event("Delete", "Custom::BackupServiceLinkedRole", "BackupServiceLinkedRole", {},
                         physical_id="AWSServiceRoleForBackup"), None)
    assert boto3.client("iam").get_role(RoleName="AWSServiceRoleForBackup"), "never deleted"


def test_unknown_resource_types_fail(aws, handler):
    module, responses = handler
    module.handler(event("Create", "Custom::Other", "Other", {}), None)
    assert responses.sent[-1]["Status"] == "FAILED"
    assert responses.sent[-1]["Reason"] == "unknown resource type Custom::Other"
