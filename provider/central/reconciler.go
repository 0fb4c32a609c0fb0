package central

import (
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/statemachine"
)

// reconciler plans, in region, the STANDARD state machine that starts the
// copies into the locked vault that the ingest missed, its log group, and
// the scheduled rule that starts it; with the first region, the two roles
// every region's reconciler shares. It returns the state machine's ARN.
//
// Scheduled rules exist on the default event bus only ("Can only be used
// on the default event bus":
// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/eventrule/#schedule_expression_nodejs;
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html),
// so the rule is on the central account's default bus, not the deployment's.
func (db *deploymentBuilder) reconciler(region string) string {
	n := db.names
	settings := db.d.ReconciliationSettings()
	if region == db.cfg.Regions[0] {
		db.reconcilerRoles()
	}
	arn := naming.StateMachineARN(db.ctx.Partition, region, db.ctx.AccountID, n.ReconcilerStateMachine())
	def := statemachine.Deployment{Partition: db.ctx.Partition, Region: region, AccountID: db.ctx.AccountID,
		Names: n, StandardConfigs: db.d.StandardVaultConfigs()}
	definition := statemachine.Reconcile(def, statemachine.Reconciliation{
		GracePeriodHours: *settings.GracePeriodHours,
		AlertTopicARN:    db.cfg.AlertTopicARN(db.ctx, db.key, region),
	})
	machine := db.stateMachine("reconcile", region, n.ReconcilerStateMachine(), "STANDARD", n.ReconcilerLogGroup(),
		"reconcile-sfn", definition)

	rule := ruleName(db.key, "reconcile", region)
	scheduler := roleName(db.key, "reconcile-scheduler")
	db.add(desired.Resource{
		Type: desired.EventRule, Name: rule, PhysicalName: n.ReconcilerRule(),
		Deployment: db.key, Region: region,
		Inputs: map[string]any{
			"name":               n.ReconcilerRule(),
			"description":        "Starts the " + n.ReconcilerStateMachine() + " state machine on a schedule.",
			"scheduleExpression": settings.ScheduleExpression,
			"tags":               desired.ComponentTags{},
		},
	})
	db.add(desired.Resource{
		Type: desired.EventTarget, Name: ruleTargetName(rule), Deployment: db.key, Region: region,
		Inputs: map[string]any{
			"rule":    desired.Out(rule, "name"),
			"arn":     arn,
			"roleArn": db.roleARN(n.ReconcilerScheduleRole()),
		},
		DependsOn: []string{machine, rolePolicyName(scheduler)},
	})
	return arn
}

// reconcilerRoles plans the reconciler state machines' role and the role
// their schedule rules start them with, each trusted for the state machines
// or rules of every region only (aws:SourceArn).
func (db *deploymentBuilder) reconcilerRoles() {
	n, account := db.names, db.ctx.AccountID
	var machines, rules, topics []string
	for _, r := range db.cfg.Regions {
		machines = append(machines, naming.StateMachineARN(db.ctx.Partition, r, account, n.ReconcilerStateMachine()))
		rules = append(rules, naming.EventRuleARN(db.ctx.Partition, r, account, "", n.ReconcilerRule()))
		topics = append(topics, db.cfg.AlertTopicARN(db.ctx, db.key, r))
	}
	sfn, starter := db.scope.ReconcilerStateMachine(topics), db.scope.ReconcilerStarter()
	db.role("reconcile-sfn", n.ReconcilerStateMachineRole(),
		"Role of the "+db.key+" deployment's reconciler state machine.",
		iam.StateMachineTrust(account, machines...), &sfn, nil)
	db.role("reconcile-scheduler", n.ReconcilerScheduleRole(),
		"Starts the "+db.key+" deployment's reconciler state machine on its schedule.",
		iam.ServiceTrust(iam.EventsService, account, rules...), &starter, nil)
}
