"""A Python program of OrgBackup through the Automation API, one step per
run: `flow.py up|noop|destroy WORKDIR`. TestPythonProgram (programs_test.go)
runs the steps and checks what reached the test double; the CLI, backend
and double come from the environment it sets. Prints the step's result as
JSON."""
import json
import os
import sys

import pulumi
import pulumi_orgbackup as orgbackup
from pulumi import automation as auto

REGION = "eu-west-2"


def program():
    backup = orgbackup.OrgBackup(
        "backup",
        central_account_resource_name_prefix="immutable-aws-backup-",
        member_account_resource_name_prefix="orgdeploy-aws-backup-",
        regions=[REGION],
        tags={"CostCentre": "platform"},
        deployments={
            "web": orgbackup.DeploymentArgs(
                backup_targets=["ou-abcd-00000000"],
                min_retention_days=7,
                max_retention_days=90,
                backup_tag_key="BackupPlan",
                plans={
                    "GFS-7-28-90": orgbackup.PlanArgs(rules=[
                        orgbackup.RuleArgs(name="daily", schedule_expression="cron(0 3 ? * * *)", delete_after_days=7),
                    ]),
                    "air-gapped": orgbackup.PlanArgs(use_logically_air_gapped_vault=True, rules=[
                        orgbackup.RuleArgs(schedule_expression="cron(0 2 ? * * *)", delete_after_days=14),
                    ]),
                },
            ),
        },
    )
    # Read through the SDK's typed outputs.
    pulumi.export("standardVaultArn", backup.deployments.apply(lambda d: d["web"].regions[REGION].standard_vault_arn))
    pulumi.export("kmsKeyId", backup.deployments.apply(lambda d: d["web"].member_account_config.kms_key_id))


def main(step, work_dir):
    stack = auto.create_or_select_stack(
        stack_name="test",
        project_name="orgbackup-python",
        program=program,
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir, pulumi_home=os.environ["ORGBACKUP_PULUMI_HOME"],
                                        pulumi_command=auto.PulumiCommand(root=os.environ["ORGBACKUP_ENGINE_ROOT"])),
    )
    stack.set_config("aws:region", auto.ConfigValue(REGION))
    result = {}
    if step == "up":
        up = stack.up()
        result = {"outputs": {k: v.value for k, v in up.outputs.items()}, "changes": up.summary.resource_changes}
    elif step == "noop":
        stack.preview(expect_no_changes=True)
        stack.up(expect_no_changes=True)
        stack.refresh(expect_no_changes=True)
    elif step == "destroy":
        stack.destroy()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
