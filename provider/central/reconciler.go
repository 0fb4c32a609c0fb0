package central

import (
	"maps"
	"slices"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/statemachine"
)

// reconciler plans, in region, the STANDARD state machine that starts the
// copies into the locked vault that the ingest missed, and the scheduled
// rule that starts it; with the first region, the role every region's
// reconciler shares. It returns the state machine's ARN.
//
// Scheduled rules exist on the default event bus only ("Can only be used
// on the default event bus":
// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/eventrule/#schedule_expression_nodejs;
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html),
// so the rule is on the central account's default bus, not the deployment's.
// It starts the reconciler with the role the ingest rules start the ingest
// with (IngestEventBridgeRole), whose trust names the rules of both and
// whose policy lets it start the state machines of both and nothing else
// (iam.Scope.IngestStarter): a rule's target role is a role EventBridge
// may assume that grants what invoking the target takes, for Step
// Functions states:StartExecution
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-iam-roles.html).
//
// The state machine logs nothing to CloudWatch Logs: Step Functions records
// the history of STANDARD workflows itself and keeps it 90 days
// (https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html,
// https://docs.aws.amazon.com/step-functions/latest/dg/diff-standard-express-exec-details-ui.html),
// as long as a log group of LogRetentionDays would keep it; logging is set
// OFF explicitly, so a machine that logged before stops.
func (db *deploymentBuilder) reconciler(region string) string {
	n := db.names
	settings := db.d.ReconciliationSettings()
	if region == db.cfg.Regions[0] {
		db.reconcilerRole()
	}
	arn := naming.StateMachineARN(db.ctx.Partition, region, db.ctx.AccountID, n.ReconcilerStateMachine())
	def := statemachine.Deployment{Partition: db.ctx.Partition, Region: region, AccountID: db.ctx.AccountID,
		Names: n, StandardConfigs: db.d.StandardVaultConfigs()}
	definition := statemachine.Reconcile(def, statemachine.Reconciliation{
		GracePeriodHours: *settings.GracePeriodHours,
		AlertTopicARN:    db.cfg.AlertTopicARN(db.ctx, db.key, region),
	})
	machine := stateMachineName(db.key, "reconcile", region)
	role := roleName(db.key, "reconcile-sfn")
	db.add(desired.New(desired.Resource{Name: machine, PhysicalName: n.ReconcilerStateMachine(), Deployment: db.key,
		Region: region, DependsOn: []string{rolePolicyName(role)}},
		desired.StateMachineArgs{
			Name:                 n.ReconcilerStateMachine(),
			Type:                 "STANDARD",
			RoleARN:              desired.Out(role, desired.OutputARN),
			Definition:           definition.JSON(),
			LoggingConfiguration: desired.StateMachineLoggingConfiguration{Level: "OFF"},
		}))

	rule := ruleName(db.key, "reconcile", region)
	db.add(desired.New(desired.Resource{Name: rule, PhysicalName: n.ReconcilerRule(), Deployment: db.key, Region: region},
		desired.EventRuleArgs{
			Name:               n.ReconcilerRule(),
			Description:        "Starts the " + n.ReconcilerStateMachine() + " state machine on a schedule.",
			ScheduleExpression: settings.ScheduleExpression,
		}))
	db.add(desired.New(desired.Resource{Name: ruleTargetName(rule), Deployment: db.key, Region: region,
		DependsOn: []string{machine, rolePolicyName(roleName(db.key, "ingest-eventbridge"))}},
		desired.EventTargetArgs{
			Rule:    desired.Out(rule, desired.OutputName),
			ARN:     arn,
			RoleARN: db.roleARN(n.IngestEventBridgeRole()),
		}))
	return arn
}

// reconcilerRole plans the reconciler state machines' role, trusted for
// the state machines of every region only (aws:SourceArn).
func (db *deploymentBuilder) reconcilerRole() {
	n, account := db.names, db.ctx.AccountID
	var machines, topics []string
	for _, r := range db.cfg.Regions {
		machines = append(machines, naming.StateMachineARN(db.ctx.Partition, r, account, n.ReconcilerStateMachine()))
		topics = append(topics, db.cfg.AlertTopicARN(db.ctx, db.key, r))
	}
	created := slices.Sorted(maps.Values(db.createdTopics()))
	sfn := db.scope.ReconcilerStateMachine(topics, created)
	db.role("reconcile-sfn", n.ReconcilerStateMachineRole(),
		"Role of the "+db.key+" deployment's reconciler state machine.",
		iam.StateMachineTrust(account, machines...), &sfn, nil)
}

// reconcilerRules are the ARNs of the reconciler's schedule rules of every
// region, which the role IngestEventBridgeRole names trusts beside the
// ingest rules.
func (db *deploymentBuilder) reconcilerRules() []string {
	var rules []string
	for _, r := range db.cfg.Regions {
		rules = append(rules, naming.EventRuleARN(db.ctx.Partition, r, db.ctx.AccountID, "", db.names.ReconcilerRule()))
	}
	return rules
}
