"""CloudFormation custom resources of orgbackup's member-account stacks.

Custom::BackupVault creates the vault, or adopts it when it already exists
(an account that re-joins the OU), and sets its access policy and tags (a
JSON object, removing the tags an update drops). On delete it
removes the vault only when empty, so an account leaving the OU never leaves
its stack stuck on a vault with recovery points; those expire on their own
lifecycle.

Custom::BackupServiceLinkedRole creates AWS Backup's service-linked role only
when the account has none, and never deletes it.

Uses the Lambda runtime's boto3 and CloudFormation's cfnresponse module:
nothing is downloaded.
"""
import json

import boto3
import cfnresponse

SERVICE_LINKED_ROLE = "AWSServiceRoleForBackup"


def ensure_vault(props, old_props):
    backup = boto3.client("backup")
    name = props["BackupVaultName"]
    key = props.get("EncryptionKeyArn") or None
    tags = json.loads(props.get("Tags") or "{}")
    try:
        vault = backup.describe_backup_vault(BackupVaultName=name)
        if key and vault.get("EncryptionKeyArn") != key:
            raise ValueError(f"backup vault {name} exists with key {vault.get('EncryptionKeyArn')}, not {key}")
        arn = vault["BackupVaultArn"]
        if tags:
            backup.tag_resource(ResourceArn=arn, Tags=tags)
        dropped = sorted(set(json.loads(old_props.get("Tags") or "{}")) - set(tags))
        if dropped:
            backup.untag_resource(ResourceArn=arn, TagKeyList=dropped)
    except backup.exceptions.ResourceNotFoundException:
        create = {"BackupVaultName": name, "BackupVaultTags": tags}
        if key:
            create["EncryptionKeyArn"] = key
        arn = backup.create_backup_vault(**create)["BackupVaultArn"]
    backup.put_backup_vault_access_policy(BackupVaultName=name, Policy=json.dumps(props["AccessPolicy"]))
    return name, {"BackupVaultArn": arn, "BackupVaultName": name}


def delete_vault_if_empty(props):
    backup = boto3.client("backup")
    name = props["BackupVaultName"]
    try:
        points = backup.list_recovery_points_by_backup_vault(BackupVaultName=name, MaxResults=1)
        if not points.get("RecoveryPoints"):
            backup.delete_backup_vault(BackupVaultName=name)
    except backup.exceptions.InvalidRequestException:
        pass  # a recovery point arrived since the listing: keep the vault
    except backup.exceptions.ResourceNotFoundException:
        pass


def ensure_service_linked_role():
    iam = boto3.client("iam")
    try:
        arn = iam.get_role(RoleName=SERVICE_LINKED_ROLE)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        arn = iam.create_service_linked_role(AWSServiceName="backup.amazonaws.com")["Role"]["Arn"]
    return SERVICE_LINKED_ROLE, {"Arn": arn}


def handler(event, context):
    props = event["ResourceProperties"]
    kind = event["ResourceType"]
    physical_id = event.get("PhysicalResourceId")
    data = {}
    try:
        if kind == "Custom::BackupVault":
            if event["RequestType"] == "Delete":
                # A failed create never took the vault: leave it alone.
                if physical_id == props["BackupVaultName"]:
                    delete_vault_if_empty(props)
            else:
                physical_id, data = ensure_vault(props, event.get("OldResourceProperties") or {})
        elif kind == "Custom::BackupServiceLinkedRole":
            if event["RequestType"] != "Delete":
                physical_id, data = ensure_service_linked_role()
        else:
            raise ValueError(f"unknown resource type {kind}")
        cfnresponse.send(event, context, cfnresponse.SUCCESS, data, physical_id)
    except Exception as err:  # report every failure to CloudFormation instead of timing out
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physical_id or event["LogicalResourceId"],
                         reason=str(err))
