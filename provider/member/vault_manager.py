"""Custom resources of orgbackup's member stacks.

Vault names, keys, policies and tags come from the environment the template
sets, never from the event: an invocation by hand only applies the template
again. Answers only CloudFormation's response buckets, for its own stack.
Vaults are created or adopted, never deleted (their policy denies it).
"""
import json
import os
import re
from urllib.parse import urlparse

import boto3
import cfnresponse

SERVICE_LINKED_ROLE = "AWSServiceRoleForBackup"


def answerable(url):
    bucket = "cloudformation-custom-resource-response-" + os.environ["AWS_REGION"].replace("-", "")
    parsed = urlparse(url or "")
    host = re.escape(bucket) + r"\.s3[.a-z0-9-]*\.amazonaws\.com(\.cn)?"
    return parsed.scheme == "https" and bool(re.fullmatch(host, parsed.hostname or ""))


def ensure_vault(vault, tags, old_tags):
    backup = boto3.client("backup")
    name = vault["BackupVaultName"]
    key = vault.get("EncryptionKeyArn")
    policy = vault["AccessPolicy"]
    try:
        existing = backup.describe_backup_vault(BackupVaultName=name)
        if key and existing.get("EncryptionKeyArn") != key:
            raise ValueError(f"backup vault {name} exists with key {existing.get('EncryptionKeyArn')}, not {key}")
        arn = existing["BackupVaultArn"]
        if tags:
            backup.tag_resource(ResourceArn=arn, Tags=tags)
        dropped = sorted(set(old_tags) - set(tags))
        if dropped:
            backup.untag_resource(ResourceArn=arn, TagKeyList=dropped)
        try:
            current = json.loads(backup.get_backup_vault_access_policy(BackupVaultName=name).get("Policy") or "null")
        except backup.exceptions.ResourceNotFoundException:
            current = None
    except backup.exceptions.ResourceNotFoundException:
        create = {"BackupVaultName": name, "BackupVaultTags": tags}
        if key:
            create["EncryptionKeyArn"] = key
        arn = backup.create_backup_vault(**create)["BackupVaultArn"]
        current = None
    if current != policy:
        backup.put_backup_vault_access_policy(BackupVaultName=name, Policy=json.dumps(policy))
    return name, {"BackupVaultArn": arn, "BackupVaultName": name}


def ensure_service_linked_role():
    iam = boto3.client("iam")
    try:
        arn = iam.get_role(RoleName=SERVICE_LINKED_ROLE)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        arn = iam.create_service_linked_role(AWSServiceName="backup.amazonaws.com")["Role"]["Arn"]
    return SERVICE_LINKED_ROLE, {"Arn": arn}


def handler(event, context):
    if not answerable(event.get("ResponseURL")):
        print("ignored: not a CloudFormation response URL")
        return
    kind = event.get("ResourceType")
    physical_id = event.get("PhysicalResourceId")
    data = {}
    try:
        if event.get("StackId") != os.environ["STACK_ID"]:
            raise ValueError("the request is not for this function's stack")
        if kind == "Custom::BackupVault":
            vault = json.loads(os.environ["VAULTS"])[event["LogicalResourceId"]]
            if event["RequestType"] == "Delete":
                physical_id = physical_id or vault["BackupVaultName"]
            else:
                tags = json.loads(os.environ.get("VAULT_TAGS") or "{}")
                old_tags = json.loads((event.get("OldResourceProperties") or {}).get("Tags") or "{}")
                physical_id, data = ensure_vault(vault, tags, old_tags)
        elif kind == "Custom::BackupServiceLinkedRole":
            if event["RequestType"] != "Delete":
                physical_id, data = ensure_service_linked_role()
        else:
            raise ValueError(f"unknown resource type {kind}")
        cfnresponse.send(event, context, cfnresponse.SUCCESS, data, physical_id)
    except Exception as err:  # report every failure to CloudFormation instead of timing out
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physical_id or event.get("LogicalResourceId"),
                         reason=str(err))
