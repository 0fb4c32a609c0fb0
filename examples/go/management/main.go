// Sets up, from the organization's management account, what the backup
// account's program (../main.go) needs: run it before the backup account's
// first pulumi up, with the management account's credentials.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
)

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	prerequisites, err := prepare(ctx)
	if err != nil {
		return err
	}
	ctx.Export("delegationPolicy", prerequisites.DelegationPolicy)
	ctx.Export("guardPolicyIds", prerequisites.GuardPolicyIds)
	ctx.Export("delegatedAdministrators", prerequisites.DelegatedAdministrators)
	ctx.Export("manualSteps", prerequisites.ManualSteps)
	return nil
}

func prepare(ctx *pulumi.Context) (*orgbackup.OrgPrerequisites, error) {
	stackSet := orgbackup.MemberAccountResourcesStackSet
	return orgbackup.NewOrgPrerequisites(ctx, "prerequisites", &orgbackup.OrgPrerequisitesArgs{
		// The dedicated backup account that runs OrgBackup (../main.go).
		BackupAccountId: "111111111111",
		// The rest are OrgBackup's inputs, as the backup account's program gives them.
		CentralAccountResourceNamePrefix: "immutable-aws-backup-",
		MemberAccountResourceNamePrefix:  "orgdeploy-aws-backup-",
		Regions:                          []string{"eu-west-2", "eu-west-1"},
		MemberAccountResources:           &stackSet,
		Tags:                             pulumi.StringMap{"CostCentre": pulumi.String("platform")},
		// Alerts reach a topic OrgBackup creates in each region, with this subscription.
		Alerts: &orgbackup.AlertsArgs{Subscriptions: []orgbackup.AlertSubscriptionArgs{
			{Protocol: "email", Endpoint: "backup-alerts@example.com"},
		}},
		Deployments: map[string]orgbackup.DeploymentArgs{
			"website-service": {
				BackupTargets:               []pulumi.StringInput{pulumi.String("ou-abcd-defghijk")},
				MinRetentionDays:            pulumi.IntRef(7),
				MaxRetentionDays:            pulumi.IntRef(90),
				BackupTagKey:                pulumi.StringRef("BackupPlan"),
				AdminRoleNames:              []string{"BackupAdmin"},
				AllowBackupTargetsToRestore: pulumi.BoolRef(true),
				RetainedVaults: []orgbackup.RetainedVaultArgs{
					{MinRetentionDays: 7, MaxRetentionDays: 35, UseLogicallyAirGappedVault: pulumi.BoolRef(true)},
				},
				Plans: map[string]orgbackup.PlanArgs{
					"GFS-7-28-90": {
						RequirePlanNameResourceTag: pulumi.BoolRef(true),
						Rules: []orgbackup.RuleArgs{
							{Name: pulumi.StringRef("daily"), ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: pulumi.IntRef(7)},
							{Name: pulumi.StringRef("weekly"), ScheduleExpression: "cron(0 3 ? * 2 *)", DeleteAfterDays: pulumi.IntRef(28)},
							{Name: pulumi.StringRef("monthly"), ScheduleExpression: "cron(0 3 1 * ? *)", DeleteAfterDays: pulumi.IntRef(90)},
						},
					},
					"air-gapped": {
						UseLogicallyAirGappedVault:         pulumi.BoolRef(true),
						CreateContinuousBackups:            pulumi.BoolRef(true),
						SnapshotFromContinuousBackups:      pulumi.BoolRef(true),
						ContinuousBackupScheduleExpression: pulumi.StringRef("cron(0 1 ? * * *)"),
						StartBackupWindowMinutes:           pulumi.IntRef(60),
						CompleteBackupWindowMinutes:        pulumi.IntRef(240),
						LocalRetentionDays:                 pulumi.IntRef(3),
						IntermediateRetentionDays:          pulumi.IntRef(5),
						Rules: []orgbackup.RuleArgs{
							{ScheduleExpression: "cron(0 2 ? * * *)", DeleteAfterDays: pulumi.IntRef(14)},
							{
								Name:                        pulumi.StringRef("monthly"),
								ScheduleExpression:          "cron(0 2 1 * ? *)",
								DeleteAfterDays:             pulumi.IntRef(90),
								LocalRetentionDays:          pulumi.IntRef(7),
								IntermediateRetentionDays:   pulumi.IntRef(14),
								StartBackupWindowMinutes:    pulumi.IntRef(120),
								CompleteBackupWindowMinutes: pulumi.IntRef(480),
							},
						},
					},
				},
			},
		},
	})
}
