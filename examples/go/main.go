// Deploys the reference module's README organization, with a logically
// air-gapped plan added, from the central backup account.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
)

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	backup, err := deploy(ctx)
	if err != nil {
		return err
	}
	ctx.Export("deployments", backup.Deployments)
	ctx.Export("standardVaultArn", standardVaultArn(backup))
	return nil
}

// standardVaultArn is the locked vault of the website-service deployment in eu-west-2.
func standardVaultArn(backup *orgbackup.OrgBackup) pulumi.StringOutput {
	return backup.Deployments.ApplyT(func(d map[string]orgbackup.DeploymentOutputs) string {
		return d["website-service"].Regions["eu-west-2"].StandardVaultArn
	}).(pulumi.StringOutput)
}

func deploy(ctx *pulumi.Context) (*orgbackup.OrgBackup, error) {
	stackSet := orgbackup.MemberAccountResourcesStackSet
	return orgbackup.NewOrgBackup(ctx, "backup", &orgbackup.OrgBackupArgs{
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
