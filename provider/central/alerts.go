package central

import (
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/planned"
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

// keyPolicy is the deployment key's policy, with the statement that lets
// EventBridge and CloudWatch publish to the alert topics it encrypts.
func (db *deploymentBuilder) keyPolicy() iam.Document {
	doc := db.scope.KeyPolicy()
	var topics []string
	for _, arn := range db.createdTopics() {
		topics = append(topics, arn)
	}
	if len(topics) > 0 {
		doc.Statement = append(doc.Statement, iam.AlertTopicKeyUse(topics))
	}
	return doc
}

// alarmSpec is one alarm: a metric of AWS/Events or AWS/States, summed,
// raised when above zero.
type alarmSpec struct {
	id, description, namespace, metric string
	dimensions                         map[string]any
}

// alerts plans, in region, the alert topic with its subscriptions (unless
// the alerts name an existing topic there), the rules that send failed jobs
// and failed executions to it, and the alarms on what emits no event; it
// fills in s.AlertTopicARN and s.AlarmNames.
func (db *deploymentBuilder) alerts(region string, s *RegionSummary) {
	n, partition, account := db.names, db.ctx.Partition, db.ctx.AccountID
	s.AlertTopicARN = db.cfg.AlertTopicARN(db.ctx, db.key, region)
	jobsRule := naming.EventRuleARN(partition, region, account, n.EventBus(), n.FailedJobsRule())
	runsRule := naming.EventRuleARN(partition, region, account, "", n.FailedRunsRule())
	alarms := db.alarmSpecs(s.IngestStateMachineARN)
	var alarmARNs []string
	for _, a := range alarms {
		s.AlarmNames = append(s.AlarmNames, n.Alarm(a.id))
		alarmARNs = append(alarmARNs, naming.AlarmARN(partition, region, account, n.Alarm(a.id)))
	}

	var dependsOn []string
	if _, created := db.createdTopics()[region]; created {
		topic := alertTopicName(db.key, region)
		db.add(planned.Resource{
			Type: "aws:sns/topic:Topic", Name: topic, PhysicalName: n.AlertTopic(), Deployment: db.key, Region: region,
			Inputs: map[string]any{
				"name":           n.AlertTopic(),
				"kmsMasterKeyId": planned.Out(keyName(db.key, region), "arn"),
				"policy":         db.scope.AlertTopicPolicy(s.AlertTopicARN, []string{jobsRule, runsRule}, alarmARNs).JSON(),
				"tags":           planned.ComponentTags{},
			},
		})
		for i, sub := range db.cfg.DeploymentAlerts(db.key).Subscriptions {
			db.add(planned.Resource{
				Type: "aws:sns/topicSubscription:TopicSubscription", Name: alertSubscriptionName(db.key, region, i),
				Deployment: db.key, Region: region,
				Inputs: map[string]any{"topic": planned.Out(topic, "arn"), "protocol": sub.Protocol, "endpoint": sub.Endpoint},
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
		db.add(planned.Resource{
			Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: alarmName(db.key, a.id, region), PhysicalName: n.Alarm(a.id),
			Deployment: db.key, Region: region,
			Inputs: map[string]any{
				"name":               n.Alarm(a.id),
				"alarmDescription":   a.description,
				"namespace":          a.namespace,
				"metricName":         a.metric,
				"dimensions":         a.dimensions,
				"statistic":          "Sum",
				"period":             AlarmPeriodSeconds,
				"evaluationPeriods":  1,
				"threshold":          0,
				"comparisonOperator": "GreaterThanThreshold",
				// No data means nothing failed: both metric families send
				// nothing for a period without executions or invocations.
				"treatMissingData": "notBreaching",
				"alarmActions":     []any{s.AlertTopicARN},
				"tags":             planned.ComponentTags{},
			},
			DependsOn: dependsOn,
		})
	}
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
// RuleName only (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
func (db *deploymentBuilder) alarmSpecs(ingestARN string) []alarmSpec {
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
	}
}
