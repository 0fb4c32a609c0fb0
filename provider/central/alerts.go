package central

import (
	"strconv"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// AlarmPeriodSeconds is the period of every alarm: one failure in five
// minutes raises it.
const AlarmPeriodSeconds = 300

// createdTopics are the ARNs, by region, of the alert topics OrgBackup
// creates for the deployment: every region but those whose alerts go to an
// existing topic.
func (db *deploymentBuilder) createdTopics() map[string]string {
	existing := db.cfg.DeploymentAlerts(db.key).TopicArns
	out := map[string]string{}
	for _, region := range db.cfg.Regions {
		if _, ok := existing[region]; !ok {
			out[region] = naming.TopicARN(db.ctx.Partition, region, db.ctx.AccountID, db.names.AlertTopic())
		}
	}
	return out
}

// alarmSpec is one alarm on a metric of AWS/Events or AWS/States, summed
// over each period. A failure alarm (the zero value of the fields below
// dimensions) is raised by one failure in a period of AlarmPeriodSeconds;
// a heartbeat alarm by no success over evaluationPeriods periods.
type alarmSpec struct {
	id, description, namespace, metric string
	dimensions                         map[string]any
	heartbeat                          bool
	periodSeconds, evaluationPeriods   int
}

// inputs are the alarm's metricAlarm inputs but its name, tags and actions.
// Every alarm notifies the topic when it enters ALARM and when it returns to
// OK: CloudWatch runs an alarm's actions only on a change of state
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html),
// so an alarm that stays in ALARM sends one message, and its OK message
// says that the failures stopped.
func (a alarmSpec) inputs() map[string]any {
	in := map[string]any{
		"alarmDescription": a.description,
		"namespace":        a.namespace,
		"metricName":       a.metric,
		"dimensions":       a.dimensions,
		"statistic":        "Sum",
	}
	if a.heartbeat {
		// No data means no execution succeeded: AWS/States sends nothing
		// for a period without executions.
		in["period"], in["evaluationPeriods"] = a.periodSeconds, a.evaluationPeriods
		in["threshold"], in["comparisonOperator"], in["treatMissingData"] = 1, "LessThanThreshold", "breaching"
		return in
	}
	in["period"], in["evaluationPeriods"] = AlarmPeriodSeconds, 1
	// No data means nothing failed: both metric families send nothing for a
	// period without executions or invocations.
	in["threshold"], in["comparisonOperator"], in["treatMissingData"] = 0, "GreaterThanThreshold", "notBreaching"
	return in
}

// alerts plans, in region, the alert topic with its own KMS key and its
// subscriptions (unless the alerts name an existing topic there), the rules that send failed jobs
// and failed executions to it, and the alarms on what emits no event; it
// fills in s.AlertTopicARN and s.AlarmNames, and for an existing topic
// s.ExistingTopicPolicy and s.ExistingTopicKeyStatements.
func (db *deploymentBuilder) alerts(region string, s *RegionSummary) {
	n, partition, account := db.names, db.ctx.Partition, db.ctx.AccountID
	s.AlertTopicARN = db.cfg.AlertTopicARN(db.ctx, db.key, region)
	jobsRule := naming.EventRuleARN(partition, region, account, n.EventBus(), n.FailedJobsRule())
	runsRule := naming.EventRuleARN(partition, region, account, "", n.FailedRunsRule())
	reconcilerARN := naming.StateMachineARN(partition, region, account, n.ReconcilerStateMachine())
	alarms := db.alarmSpecs(s.IngestStateMachineARN, reconcilerARN)
	var alarmARNs []string
	for _, a := range alarms {
		s.AlarmNames = append(s.AlarmNames, n.Alarm(a.id))
		alarmARNs = append(alarmARNs, naming.AlarmARN(partition, region, account, n.Alarm(a.id)))
	}

	topicPolicy := db.scope.AlertTopicPolicy(s.AlertTopicARN, []string{jobsRule, runsRule}, alarmARNs)
	var dependsOn []string
	if _, created := db.createdTopics()[region]; !created {
		s.ExistingTopicPolicy = topicPolicy.JSON()
		s.ExistingTopicKeyStatements = db.scope.ExistingTopicKeyStatements(s.AlertTopicARN, region).JSON()
	} else {
		key := db.alertKey(region, s.AlertTopicARN)
		topic := alertTopicName(db.key, region)
		db.add(desired.Resource{
			Type: desired.SNSTopic, Name: topic, PhysicalName: n.AlertTopic(), Deployment: db.key, Region: region,
			Inputs: map[string]any{
				"name":           n.AlertTopic(),
				"kmsMasterKeyId": desired.Out(key, "arn"),
				"policy":         topicPolicy.JSON(),
				"tags":           desired.ComponentTags{},
			},
		})
		for i, sub := range db.cfg.DeploymentAlerts(db.key).Subscriptions {
			db.add(desired.Resource{
				Type: desired.SNSTopicSubscription, Name: alertSubscriptionName(db.key, region, i),
				Deployment: db.key, Region: region,
				Inputs: map[string]any{"topic": desired.Out(topic, "arn"), "protocol": sub.Protocol, "endpoint": sub.Endpoint},
			})
		}
		dependsOn = append(dependsOn, topic)
	}

	target := func(t events.Transformer) map[string]any {
		paths := map[string]any{}
		for k, v := range t.InputPaths {
			paths[k] = v
		}
		return map[string]any{"arn": s.AlertTopicARN,
			"inputTransformer": map[string]any{"inputPaths": paths, "inputTemplate": t.InputTemplate}}
	}
	db.rule("failed-jobs", region, n.FailedJobsRule(), busName(db.key, region),
		"Alerts on the "+db.key+" deployment's backup and copy jobs that end in failure.",
		events.FailedJobs().JSON(), target(events.JobAlert()), dependsOn...)
	// Standard workflows emit execution status events; express ones do not
	// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html):
	// the restore and reconciler machines are standard, the ingest has alarms.
	db.rule("failed-runs", region, n.FailedRunsRule(), "",
		"Alerts on failed executions of the "+db.key+" deployment's restore and reconciler state machines.",
		events.FailedExecutions([]string{s.RestoreStateMachineARN,
			naming.StateMachineARN(partition, region, account, n.ReconcilerStateMachine())}).JSON(),
		target(events.ExecutionAlert()), dependsOn...)

	for _, a := range alarms {
		inputs := a.inputs()
		inputs["name"] = n.Alarm(a.id)
		inputs["alarmActions"] = []any{s.AlertTopicARN}
		inputs["okActions"] = []any{s.AlertTopicARN}
		inputs["tags"] = desired.ComponentTags{}
		db.add(desired.Resource{
			Type: desired.MetricAlarm, Name: alarmName(db.key, a.id, region), PhysicalName: n.Alarm(a.id),
			Deployment: db.key, Region: region, Inputs: inputs, DependsOn: dependsOn,
		})
	}
}

// alertKey plans, in region, the single-region KMS key that encrypts the
// deployment's created alert topic topicARN, with key rotation, and its
// alias, and returns the key's logical name. It is not retained on
// destroy: it protects alert messages only, which SNS keeps no longer
// than their delivery, and goes with the topic.
func (db *deploymentBuilder) alertKey(region, topicARN string) string {
	name := alertKeyName(db.key, region)
	db.add(desired.Resource{
		Type: desired.KMSKey, Name: name, Deployment: db.key, Region: region,
		Inputs: map[string]any{
			"description":       "Encrypts the " + db.key + " deployment's alert topic " + db.names.AlertTopic() + ".",
			"policy":            db.scope.AlertKeyPolicy(topicARN).JSON(),
			"enableKeyRotation": true,
			"multiRegion":       false,
			// The deployer may delete only keys with this tag.
			"tags": desired.ComponentTags{Fixed: map[string]string{naming.AlertKeyTagKey: db.key}},
		},
	})
	db.add(desired.Resource{
		Type: desired.KMSAlias, Name: keyAliasName(name), PhysicalName: db.names.AlertKMSAlias(),
		Deployment: db.key, Region: region,
		Inputs: map[string]any{"name": db.names.AlertKMSAlias(), "targetKeyId": desired.Out(name, "keyId")},
	})
	return name
}

// alarmSpecs are the deployment's alarms in a region. The ingest state
// machine is an express workflow, watched through its AWS/States execution
// metrics (dimension StateMachineArn): ExecutionsFailed, ExecutionsTimedOut
// and ExecutionsAborted ("aborted or terminated executions")
// (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
// Every rule of the deployment is watched through AWS/Events
// FailedInvocations: a rule that cannot deliver raises no event of its own,
// and an alert rule cannot alert through itself. Rules of a custom bus have
// the EventBusName and RuleName dimensions, rules of the default bus
// RuleName only (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html);
// the reconciler's schedule rule is watched so too. A reconciler that stops
// running raises no event at all: its heartbeat alarm watches AWS/States
// ExecutionsSucceeded of the reconciler state machine, raised when no
// execution succeeded over twice the schedule's interval
// (config.ReconcilerHeartbeat).
func (db *deploymentBuilder) alarmSpecs(ingestARN, reconcilerARN string) []alarmSpec {
	n := db.names
	machine := func(id, metric, what string) alarmSpec {
		return alarmSpec{id: "ingest-" + id, namespace: "AWS/States", metric: metric,
			description: "Executions of the " + n.IngestStateMachine() + " state machine " + what + ": copies of the " +
				db.key + " deployment may stay unlocked in the intermediate vault.",
			dimensions: map[string]any{"StateMachineArn": ingestARN}}
	}
	rule := func(id, rule string, onBus bool, what string) alarmSpec {
		dims := map[string]any{"RuleName": rule}
		if onBus {
			dims["EventBusName"] = n.EventBus()
		}
		return alarmSpec{id: id + "-rule-failed-invocations", namespace: "AWS/Events", metric: "FailedInvocations",
			description: "The " + rule + " rule could not deliver events: " + what, dimensions: dims}
	}
	return []alarmSpec{
		machine("executions-failed", "ExecutionsFailed", "failed"),
		machine("executions-timed-out", "ExecutionsTimedOut", "timed out"),
		machine("executions-aborted", "ExecutionsAborted", "were aborted"),
		rule("forward", n.EventForwarderRule(), false, "backup events of the "+db.key+" deployment do not reach its bus."),
		rule("ingest", n.IngestRule(), true, "completed copies are not ingested."),
		rule("failed-jobs", n.FailedJobsRule(), true, "failed backup and copy jobs are not alerted."),
		rule("failed-runs", n.FailedRunsRule(), false, "failed restore and reconciler executions are not alerted."),
		rule("reconcile", n.ReconcilerRule(), false, "the reconciler does not start, so missed copies are not reconciled."),
		db.reconcilerHeartbeat(reconcilerARN),
	}
}

// reconcilerHeartbeat is the alarm raised when the reconciler state machine
// had no successful execution in HeartbeatEvaluationPeriods periods of its
// schedule's interval.
func (db *deploymentBuilder) reconcilerHeartbeat(reconcilerARN string) alarmSpec {
	schedule := db.d.ReconciliationSettings().ScheduleExpression
	period, _ := config.ReconcilerHeartbeat(schedule) // validated at preview
	return alarmSpec{id: "reconciler-heartbeat", namespace: "AWS/States", metric: "ExecutionsSucceeded",
		description: "No execution of the " + db.names.ReconcilerStateMachine() + " state machine (" + schedule +
			") succeeded in " + duration(period*config.HeartbeatEvaluationPeriods) + ": copies the " +
			db.key + " deployment's ingest missed are not being reconciled.",
		dimensions: map[string]any{"StateMachineArn": reconcilerARN}, heartbeat: true,
		periodSeconds: period, evaluationPeriods: config.HeartbeatEvaluationPeriods}
}

// duration is seconds (a multiple of 60) in whole hours, or else minutes.
func duration(seconds int) string {
	if seconds%3600 == 0 {
		return strconv.Itoa(seconds/3600) + " hours"
	}
	return strconv.Itoa(seconds/60) + " minutes"
}
