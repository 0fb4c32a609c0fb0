package naming

// Alert rule and alarm names. The rule suffixes are no longer than
// IngestRule's, so a prefix valid for the ingest rule makes valid alert
// rule names (64 characters at most,
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html).

// FailedJobsRule names the rule of the deployment's bus that alerts on
// backup and copy jobs ending in failure.
func (d Deployment) FailedJobsRule() string { return d.Central + "-failed-jobs" }

// Alarm names an alarm of the deployment: the central name and what it
// watches. Alarm names hold up to 255 characters
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html);
// the central name is at most 66 (StateMachineName bounds IngestStateMachine)
// and the longest suffix 24. No suffix ends with another, so two
// deployments' alarms never share a name.
func (d Deployment) Alarm(what string) string { return d.Central + "-" + what }

// AlarmARN is the ARN of a CloudWatch alarm
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies).
func AlarmARN(partition, region, account, alarm string) string {
	return "arn:" + partition + ":cloudwatch:" + region + ":" + account + ":alarm:" + alarm
}
