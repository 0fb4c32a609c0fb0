// Sets up, from the organization's management account, what the backup
// account's program (../index.ts) needs: run it before the backup account's
// first pulumi up, with the management account's credentials.
import * as orgbackup from "@orgbackup/pulumi-orgbackup";

const prerequisites = new orgbackup.OrgPrerequisites("prerequisites", {
    // The dedicated backup account that runs OrgBackup (../index.ts).
    backupAccountId: "111111111111",
    // The rest are OrgBackup's inputs, as the backup account's program gives them.
    centralAccountResourceNamePrefix: "immutable-aws-backup-",
    memberAccountResourceNamePrefix: "orgdeploy-aws-backup-",
    regions: ["eu-west-2", "eu-west-1"],
    memberAccountResources: orgbackup.MemberAccountResources.StackSet,
    tags: { CostCentre: "platform" },
    // Alerts reach a topic OrgBackup creates in each region, with this subscription.
    alerts: { subscriptions: [{ protocol: "email", endpoint: "backup-alerts@example.com" }] },
    deployments: {
        "website-service": {
            backupTargets: ["ou-abcd-defghijk"],
            minRetentionDays: 7,
            maxRetentionDays: 90,
            backupTagKey: "BackupPlan",
            adminRoleNames: ["BackupAdmin"],
            allowBackupTargetsToRestore: true,
            retainedVaults: [{ minRetentionDays: 7, maxRetentionDays: 35, useLogicallyAirGappedVault: true }],
            plans: {
                "GFS-7-28-90": {
                    requirePlanNameResourceTag: true,
                    rules: [
                        { name: "daily", scheduleExpression: "cron(0 3 ? * * *)", deleteAfterDays: 7 },
                        { name: "weekly", scheduleExpression: "cron(0 3 ? * 2 *)", deleteAfterDays: 28 },
                        { name: "monthly", scheduleExpression: "cron(0 3 1 * ? *)", deleteAfterDays: 90 },
                    ],
                },
                "air-gapped": {
                    useLogicallyAirGappedVault: true,
                    createContinuousBackups: true,
                    snapshotFromContinuousBackups: true,
                    continuousBackupScheduleExpression: "cron(0 1 ? * * *)",
                    startBackupWindowMinutes: 60,
                    completeBackupWindowMinutes: 240,
                    localRetentionDays: 3,
                    intermediateRetentionDays: 5,
                    rules: [
                        { scheduleExpression: "cron(0 2 ? * * *)", deleteAfterDays: 14 },
                        {
                            name: "monthly",
                            scheduleExpression: "cron(0 2 1 * ? *)",
                            deleteAfterDays: 90,
                            localRetentionDays: 7,
                            intermediateRetentionDays: 14,
                            startBackupWindowMinutes: 120,
                            completeBackupWindowMinutes: 480,
                        },
                    ],
                },
            },
        },
    },
});

export const delegationPolicy = prerequisites.delegationPolicy;
export const guardPolicyIds = prerequisites.guardPolicyIds;
export const delegatedAdministrators = prerequisites.delegatedAdministrators;
export const manualSteps = prerequisites.manualSteps;
