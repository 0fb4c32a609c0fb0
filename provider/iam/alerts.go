package iam

// CloudWatchService is the principal CloudWatch alarms publish to SNS as.
const CloudWatchService = "cloudwatch.amazonaws.com"

const (
	snsPublish = "sns:Publish"
	// snsTopicContext is the encryption context key Amazon SNS sets when it
	// uses a KMS key for a topic, as the key policies of encrypted SNS
	// topics use it (kms:EncryptionContext:aws:sns:topicArn,
	// https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html).
	snsTopicContext = "kms:EncryptionContext:aws:sns:topicArn"
)

// AlertTopicPolicy is the access policy of a deployment's alert topic in
// one region: EventBridge publishes for the deployment's alert rules only,
// CloudWatch for its alarms only (aws:SourceArn and aws:SourceAccount, the
// confused deputy conditions of the SNS and EventBridge guides; for a rule
// target aws:SourceArn is the rule's ARN:
// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html,
// https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
// The central account's own principals publish with their identity
// policies (same account), which this policy neither grants nor denies.
func (s Scope) AlertTopicPolicy(topicARN string, ruleARNs, alarmARNs []string) Document {
	publish := func(sid, service string, sources []string) Statement {
		return Statement{
			Sid:       sid,
			Effect:    Allow,
			Principal: &Principal{Service: Strings{service}},
			Action:    Strings{snsPublish},
			Resource:  Strings{topicARN},
			Condition: Conditions{
				stringEquals: {sourceAccount: Strings{s.AccountID}},
				arnEquals:    {sourceArn: Sorted(sources...)},
			},
		}
	}
	return New(
		publish("AllowDeploymentAlertRules", EventsService, ruleARNs),
		publish("AllowDeploymentAlarms", CloudWatchService, alarmARNs),
	)
}

// AlertTopicKeyUse is the key policy statement that lets EventBridge and
// CloudWatch publish to the deployment's encrypted alert topics: AWS
// services that publish to a topic encrypted with a customer managed key
// need kms:GenerateDataKey* and kms:Decrypt on it
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
// It holds only for the named topics, through the encryption context SNS
// sets on its requests. It names no aws:SourceAccount or aws:SourceArn: the
// KMS requests SNS makes for an EventBridge delivery are not documented to
// carry them, and a condition on a missing key would drop every alert; the
// topics' own policies hold the publishers to the deployment's rules and
// alarms.
func AlertTopicKeyUse(topicARNs []string) Statement {
	return Statement{
		Sid:       "AllowAlertPublishersThroughSNS",
		Effect:    Allow,
		Principal: &Principal{Service: Sorted(CloudWatchService, EventsService)},
		Action:    Strings{"kms:Decrypt", "kms:GenerateDataKey*"},
		Resource:  Strings{"*"},
		Condition: Conditions{stringEquals: {snsTopicContext: Sorted(topicARNs...)}},
	}
}
