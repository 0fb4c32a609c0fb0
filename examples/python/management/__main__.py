"""Sets up, from the organization's management account, what the backup
account's program (../__main__.py) needs: run it before the backup account's
first pulumi up, with the management account's credentials."""
import pulumi
import pulumi_orgbackup as orgbackup

prerequisites = orgbackup.OrgPrerequisites(
    "prerequisites",
    # The dedicated backup account that runs OrgBackup (../__main__.py).
    backup_account_id="111111111111",
    # The rest are OrgBackup's inputs, as the backup account's program gives them.
    central_account_resource_name_prefix="immutable-aws-backup-",
    member_account_resource_name_prefix="orgdeploy-aws-backup-",
    regions=["eu-west-2", "eu-west-1"],
    member_account_resources=orgbackup.MemberAccountResources.STACK_SET,
    tags={"CostCentre": "platform"},
    # Alerts reach a topic OrgBackup creates in each region, with this subscription.
    alerts=orgbackup.AlertsArgs(subscriptions=[
        orgbackup.AlertSubscriptionArgs(protocol="email", endpoint="backup-alerts@example.com"),
    ]),
    deployments={
        "website-service": orgbackup.DeploymentArgs(
            backup_targets=["ou-abcd-defghijk"],
            min_retention_days=7,
            max_retention_days=90,
            backup_tag_key="BackupPlan",
            admin_role_names=["BackupAdmin"],
            allow_backup_targets_to_restore=True,
            retained_vaults=[orgbackup.RetainedVaultArgs(
                min_retention_days=7, max_retention_days=35, use_logically_air_gapped_vault=True)],
            plans={
                "GFS-7-28-90": orgbackup.PlanArgs(
                    require_plan_name_resource_tag=True,
                    rules=[
                        orgbackup.RuleArgs(name="daily", schedule_expression="cron(0 3 ? * * *)", delete_after_days=7),
                        orgbackup.RuleArgs(name="weekly", schedule_expression="cron(0 3 ? * 2 *)", delete_after_days=28),
                        orgbackup.RuleArgs(name="monthly", schedule_expression="cron(0 3 1 * ? *)", delete_after_days=90),
                    ],
                ),
                "air-gapped": orgbackup.PlanArgs(
                    use_logically_air_gapped_vault=True,
                    create_continuous_backups=True,
                    snapshot_from_continuous_backups=True,
                    continuous_backup_schedule_expression="cron(0 1 ? * * *)",
                    start_backup_window_minutes=60,
                    complete_backup_window_minutes=240,
                    local_retention_days=3,
                    intermediate_retention_days=5,
                    rules=[
                        orgbackup.RuleArgs(schedule_expression="cron(0 2 ? * * *)", delete_after_days=14),
                        orgbackup.RuleArgs(
                            name="monthly",
                            schedule_expression="cron(0 2 1 * ? *)",
                            delete_after_days=90,
                            local_retention_days=7,
                            intermediate_retention_days=14,
                            start_backup_window_minutes=120,
                            complete_backup_window_minutes=480,
                        ),
                    ],
                ),
            },
        ),
    },
)

pulumi.export("delegationPolicy", prerequisites.delegation_policy)
pulumi.export("guardPolicyIds", prerequisites.guard_policy_ids)
pulumi.export("delegatedAdministrators", prerequisites.delegated_administrators)
pulumi.export("manualSteps", prerequisites.manual_steps)
