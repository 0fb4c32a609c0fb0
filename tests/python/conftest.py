"""Fixtures of the Python test tier: the rendered examples and moto."""
import json
import os
import pathlib
import sys
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RENDERED = pathlib.Path(os.environ.get("ORGBACKUP_RENDERED", ROOT / "out"))
VAULT_MANAGER = ROOT / "provider" / "member" / "vault_manager.py"


def rendered_templates():
    """Every StackSet template render wrote for the example organizations."""
    templates = sorted(RENDERED.glob("*/stacksets/*.json"))
    if not templates:
        pytest.fail(f"no rendered templates under {RENDERED}: run `make demo` or set ORGBACKUP_RENDERED")
    return templates


@pytest.fixture(autouse=True)
def aws_credentials(monkeypatch):
    """Fake credentials, so nothing can reach AWS."""
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(key, value)


class CfnResponses:
    """Stands in for the cfnresponse module CloudFormation gives inline functions."""

    SUCCESS = "SUCCESS"
    FAILED = "FAILED"

    def __init__(self, forward=None):
        self.sent = []
        self.forward = forward

    def send(self, event, context, status, data, physical_id=None, no_echo=False, reason=None):
        response = {
            "Status": status, "Reason": reason or "", "PhysicalResourceId": physical_id,
            "StackId": event["StackId"], "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"], "NoEcho": no_echo, "Data": data,
        }
        self.sent.append(response)
        if self.forward:
            self.forward(event["ResponseURL"], response)


def load_vault_manager(code, responses):
    """Loads the custom resource function's code as CloudFormation runs it."""
    shim = types.ModuleType("cfnresponse")
    shim.SUCCESS, shim.FAILED, shim.send = responses.SUCCESS, responses.FAILED, responses.send
    sys.modules["cfnresponse"] = shim
    module = types.ModuleType("index")
    exec(compile(code, "index.py", "exec"), module.__dict__)
    return module


STACK_ID = "arn:aws:cloudformation:eu-west-2:123456789012:stack/member/1"
# A presigned URL of CloudFormation's response bucket, as custom resource
# requests carry it (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html).
RESPONSE_URL = ("https://cloudformation-custom-resource-response-euwest2.s3.eu-west-2.amazonaws.com/"
                "arn%3Aaws%3Acloudformation%3Aeu-west-2%3A123456789012%3Astack/member/1%7CBackupVault%7Cr-1"
                "?X-Amz-Algorithm=AWS4-HMAC-SHA256")


def event(request_type, resource_type, logical_id, properties, physical_id=None):
    body = {
        "RequestType": request_type, "ResourceType": resource_type, "LogicalResourceId": logical_id,
        "ResourceProperties": {"ServiceToken": "arn:aws:lambda:eu-west-2:123456789012:function:vm", **properties},
        "StackId": STACK_ID, "RequestId": "r-1", "ResponseURL": RESPONSE_URL,
    }
    if physical_id:
        body["PhysicalResourceId"] = physical_id
    return body


def policy(statement_sid="ProtectVaultAndContents"):
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": statement_sid, "Effect": "Deny", "Principal": {"AWS": "*"},
        "Action": ["backup:DeleteBackupVault"], "Resource": "*",
        "Condition": {"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::123456789012:role/Admin"]}},
    }]}


def dumps(value):
    return json.dumps(value, sort_keys=True)
