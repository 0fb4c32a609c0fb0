package central

import (
	"slices"
	"strconv"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// AlarmPeriodSeconds is the period of the failure alarms: one failure in
// five minutes raises them.
const AlarmPeriodSeconds = 300

// MaxAlarmMetrics is how many metrics one alarm may retrieve: a
// PutMetricAlarm call takes "as many as 10 structures that contain a
// MetricStat parameter to retrieve a metric"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html).
const MaxAlarmMetrics = 10

// alarmExpressionID is the id of a failure alarm's expression, the query
// whose result the alarm watches.
const alarmExpressionID = "failures"

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

// alarm is one of the deployment's alarms in a region: the suffix of its
// name, and its inputs but its name, actions and tags.
type alarm struct {
	id   string
	args desired.MetricAlarmArgs
}

// failureAlarm is an alarm on the sum of metrics of AWS/States or
// AWS/Events, raised by one failure of any of them in a period of
// AlarmPeriodSeconds: an alarm on a metric math expression over the
// metrics (returnData false) whose result, the expression's query, is
// what the alarm watches (returnData true)
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html;
// pulumi-aws's metricQueries). FILL(m, 0) counts a metric without data in
// a period as no failure, so the sum does not depend on every metric having
// a data point
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html#metric-math-syntax).
// Each metric's label names what it counts, so the alarm's graph shows
// which machine or rule failed.
func failureAlarm(id, description, label string, metrics []desired.MetricAlarmQuery) alarm {
	terms := make([]string, len(metrics))
	for i, m := range metrics {
		terms[i] = "FILL(" + m.ID + ", 0)"
	}
	expression := desired.MetricAlarmQuery{ID: alarmExpressionID, Label: label,
		Expression: strings.Join(terms, " + "), ReturnData: true}
	return alarm{id: id, args: desired.MetricAlarmArgs{
		AlarmDescription:  description,
		MetricQueries:     append([]desired.MetricAlarmQuery{expression}, metrics...),
		EvaluationPeriods: 1,
		// No data means nothing failed: both metric families send nothing
		// for a period without executions or invocations.
		Threshold: 0, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
	}}
}

// summed is the query of a failure alarm's metric, summed over each period.
func summed(id, label, namespace, metric string, dimensions map[string]string) desired.MetricAlarmQuery {
	return desired.MetricAlarmQuery{ID: id, Label: label, Metric: &desired.MetricAlarmMetric{
		Namespace: namespace, MetricName: metric, Dimensions: dimensions, Period: AlarmPeriodSeconds, Stat: "Sum",
	}}
}

// alerts plans, in region, the alert topic with its own KMS key and its
// subscriptions (unless the alerts name an existing topic there), the rule
// that sends failed jobs to it, and the alarms on what emits no event of
// its own; it fills in s.AlertTopicARN and s.AlarmNames, and for an
// existing topic s.ExistingTopicPolicy and s.ExistingTopicKeyStatements.
//
// Every alarm notifies the topic when it enters ALARM and when it returns to
// OK: CloudWatch runs an alarm's actions only on a change of state
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html),
// so an alarm that stays in ALARM sends one message, and its OK message
// says that the failures stopped.
func (db *deploymentBuilder) alerts(region string, s *RegionSummary) {
	n, partition, account := db.names, db.ctx.Partition, db.ctx.AccountID
	s.AlertTopicARN = db.cfg.AlertTopicARN(db.ctx, db.key, region)
	jobsRule := naming.EventRuleARN(partition, region, account, n.EventBus(), n.FailedJobsRule())
	alarms := db.alarms(*s)
	var alarmARNs []string
	for _, a := range alarms {
		s.AlarmNames = append(s.AlarmNames, n.Alarm(a.id))
		alarmARNs = append(alarmARNs, naming.AlarmARN(partition, region, account, n.Alarm(a.id)))
	}

	topicPolicy := db.scope.AlertTopicPolicy(s.AlertTopicARN,
		append([]string{jobsRule}, db.restoreTestingAlertRuleARNs(region)...), alarmARNs)
	var dependsOn []string
	if _, created := db.createdTopics()[region]; !created {
		s.ExistingTopicPolicy = topicPolicy.JSON()
		s.ExistingTopicKeyStatements = db.scope.ExistingTopicKeyStatements(s.AlertTopicARN, region).JSON()
	} else {
		key := db.alertKey(region, s.AlertTopicARN)
		topic := alertTopicName(db.key, region)
		db.add(desired.New(desired.Resource{Name: topic, PhysicalName: n.AlertTopic(), Deployment: db.key, Region: region},
			desired.TopicArgs{Name: n.AlertTopic(), KMSMasterKeyID: desired.Out(key, desired.OutputARN),
				Policy: topicPolicy.JSON()}))
		for i, sub := range db.cfg.DeploymentAlerts(db.key).Subscriptions {
			db.add(desired.New(desired.Resource{Name: alertSubscriptionName(db.key, region, i), Deployment: db.key,
				Region: region}, desired.TopicSubscriptionArgs{Topic: desired.Out(topic, desired.OutputARN),
				Protocol: sub.Protocol, Endpoint: sub.Endpoint}))
		}
		dependsOn = append(dependsOn, topic)
	}

	alert := events.JobAlert()
	db.eventRule("failed-jobs", region, n.FailedJobsRule(), busName(db.key, region),
		"Alerts on the "+db.key+" deployment's backup and copy jobs that end in failure.",
		events.FailedJobs(centralCopies(*s)).JSON(), desired.EventTargetArgs{ARN: s.AlertTopicARN,
			InputTransformer: &desired.InputTransformer{InputPaths: alert.InputPaths, InputTemplate: alert.InputTemplate}},
		dependsOn...)

	for _, a := range alarms {
		args := a.args
		args.Name = n.Alarm(a.id)
		args.AlarmActions, args.OKActions = []string{s.AlertTopicARN}, []string{s.AlertTopicARN}
		db.add(desired.New(desired.Resource{Name: alarmName(db.key, a.id, region), PhysicalName: args.Name,
			Deployment: db.key, Region: region, DependsOn: dependsOn}, args))
	}
}

// alertKey plans, in region, the single-region KMS key that encrypts the
// deployment's created alert topic topicARN, with key rotation, and
// returns its logical name. It has no alias: no policy finds it by one
// (the reconciler's role may use it for the topic's encryption context,
// iam.Scope.ReconcilerStateMachine), and its description and tag name the
// deployment and the topic. It is not
// retained on destroy: it protects alert messages only, which SNS keeps no
// longer than their delivery, and goes with the topic.
func (db *deploymentBuilder) alertKey(region, topicARN string) string {
	name := alertKeyName(db.key, region)
	db.add(desired.New(desired.Resource{Name: name, Deployment: db.key, Region: region}, desired.KeyArgs{
		Description:       "Encrypts the " + db.key + " deployment's alert topic " + db.names.AlertTopic() + ".",
		Policy:            db.scope.AlertKeyPolicy(topicARN).JSON(),
		EnableKeyRotation: true,
		MultiRegion:       false,
		// The deployer may delete only keys with this tag.
		Tags: desired.ComponentTags{Fixed: map[string]string{naming.AlertKeyTagKey: db.key}},
	}))
	return name
}

// alarms are the deployment's alarms in the region of s, one per kind of
// failure: the state machines' executions, the rules' deliveries, the
// reconciler's heartbeat.
//
// Executions: every state machine of the deployment is watched through its
// AWS/States execution metrics (dimension StateMachineArn):
// ExecutionsFailed, ExecutionsTimedOut and ExecutionsAborted ("aborted or
// terminated executions")
// (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
// The ingest is an EXPRESS workflow, which emits no execution status
// events (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html);
// the restore and reconciler are STANDARD workflows, whose failed
// executions the same metrics count, so they need no rule on their events
// either. Step Functions delivers both the events and the metrics
// best-effort (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-states.html,
// https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
// Nine metrics: one alarm holds them (MaxAlarmMetrics).
//
// Rules: every rule of the deployment is watched through AWS/Events
// FailedInvocations: a rule that cannot deliver raises no event of its own,
// and an alert rule cannot alert through itself. Rules of a custom bus have
// the EventBusName and RuleName dimensions, rules of the default bus
// RuleName only (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html);
// the reconciler's schedule rule is watched so too. With the executions'
// nine, the four would pass MaxAlarmMetrics: they are an alarm of their
// own.
//
// A reconciler that stops running raises no event at all: its heartbeat
// alarm watches AWS/States ExecutionsSucceeded of the reconciler state
// machine, raised when no execution succeeded over twice the schedule's
// interval (config.ReconcilerHeartbeat). Its period and evaluation are not
// the failure alarms', so it stays an alarm on its one metric.
func (db *deploymentBuilder) alarms(s RegionSummary) []alarm {
	n := db.names
	machine := func(id, name, arn string) []desired.MetricAlarmQuery {
		var out []desired.MetricAlarmQuery
		for _, m := range []struct{ id, metric string }{
			{"failed", "ExecutionsFailed"}, {"timed_out", "ExecutionsTimedOut"}, {"aborted", "ExecutionsAborted"},
		} {
			out = append(out, summed(id+"_"+m.id, name+" "+m.metric, "AWS/States", m.metric,
				map[string]string{"StateMachineArn": arn}))
		}
		return out
	}
	rule := func(id, rule string, onBus bool) desired.MetricAlarmQuery {
		dims := map[string]string{"RuleName": rule}
		if onBus {
			dims["EventBusName"] = n.EventBus()
		}
		return summed(id+"_rule", rule+" FailedInvocations", "AWS/Events", "FailedInvocations", dims)
	}
	executions := failureAlarm("executions-failed",
		"Executions of the "+db.key+" deployment's state machines failed, timed out or were aborted: "+
			n.IngestStateMachine()+" (copies may stay unlocked in the intermediate vault until the reconciler "+
			"copies them), "+n.RestoreStateMachine()+" (a restore did not complete) or "+
			n.ReconcilerStateMachine()+" (copies the ingest missed were not reconciled). "+
			"The alarm's graph names the state machine and the status.",
		"failed, timed-out and aborted executions",
		slices.Concat(
			machine("ingest", n.IngestStateMachine(), s.IngestStateMachineARN),
			machine("restore", n.RestoreStateMachine(), s.RestoreStateMachineARN),
			machine("reconcile", n.ReconcilerStateMachine(), s.ReconcilerStateMachineARN)))
	rules := failureAlarm("rules-failed-invocations",
		"Rules of the "+db.key+" deployment could not deliver events: "+
			n.EventForwarderRule()+" (backup events do not reach the deployment's bus), "+
			n.IngestRule()+" (completed copies are not ingested), "+
			n.FailedJobsRule()+" (failed backup and copy jobs are not alerted) or "+
			n.ReconcilerRule()+" (the reconciler does not start). The alarm's graph names the rule.",
		"failed invocations",
		[]desired.MetricAlarmQuery{
			rule("forward", n.EventForwarderRule(), false),
			rule("ingest", n.IngestRule(), true),
			rule("failed_jobs", n.FailedJobsRule(), true),
			rule("reconcile", n.ReconcilerRule(), false),
		})
	return []alarm{executions, rules, db.reconcilerHeartbeat(s.ReconcilerStateMachineARN)}
}

// reconcilerHeartbeat is the alarm raised when the reconciler state machine
// had no successful execution in HeartbeatEvaluationPeriods periods of its
// schedule's interval.
func (db *deploymentBuilder) reconcilerHeartbeat(reconcilerARN string) alarm {
	schedule := db.d.ReconciliationSettings().ScheduleExpression
	period, _ := config.ReconcilerHeartbeat(schedule) // validated at preview
	return alarm{id: "reconciler-heartbeat", args: desired.MetricAlarmArgs{
		AlarmDescription: "No execution of the " + db.names.ReconcilerStateMachine() + " state machine (" + schedule +
			") succeeded in " + duration(period*config.HeartbeatEvaluationPeriods) + ": copies the " +
			db.key + " deployment's ingest missed are not being reconciled.",
		Namespace: "AWS/States", MetricName: "ExecutionsSucceeded", Statistic: "Sum",
		Dimensions: map[string]string{"StateMachineArn": reconcilerARN},
		Period:     period, EvaluationPeriods: config.HeartbeatEvaluationPeriods,
		// No data means no execution succeeded: AWS/States sends nothing
		// for a period without executions.
		Threshold: 1, ComparisonOperator: "LessThanThreshold", TreatMissingData: "breaching",
	}}
}

// duration is seconds (a multiple of 60) in whole hours, or else minutes.
func duration(seconds int) string {
	if seconds%3600 == 0 {
		return strconv.Itoa(seconds/3600) + " hours"
	}
	return strconv.Itoa(seconds/60) + " minutes"
}
