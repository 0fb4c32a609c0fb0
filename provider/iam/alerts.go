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
				StringEquals: {SourceAccount: Strings{s.AccountID}},
				ArnEquals:    {SourceARN: Sorted(sources...)},
			},
		}
	}
	return New(
		publish("AllowDeploymentAlertRules", EventsService, ruleARNs),
		publish("AllowDeploymentAlarms", CloudWatchService, alarmARNs),
	)
}

// AlertKeyPolicy is the policy of the key that encrypts a deployment's
// created alert topic in one region. The key encrypts nothing else: the
// deployment key, which encrypts the member vaults, stays out of the alert
// path, so its policy never grows for alerts, and a disabled deployment key
// does not silence the alerts that would tell of it. The central account
// administers and uses it through IAM, the key policy default
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam);
// EventBridge and CloudWatch use it through SNS for topicARN only.
func (s Scope) AlertKeyPolicy(topicARN string) Document {
	return New(
		s.delegateKeyToIAM(),
		AlertTopicKeyUse([]string{topicARN}),
	)
}

// ExistingTopicKeyStatements are what the key policy of an existing alert
// topic's customer managed key must allow, for the deployment's rules,
// alarms, reconciler and ingest to publish to it: AlertTopicKeyUse, and the
// reconciler and ingest state machines' roles (the ingest alerts on the
// copies AWS refused) through SNS for that topic. A role is matched by
// aws:PrincipalArn, not named as the principal, so the statement
// survives the role being created again; a key policy that allows a
// principal of its own account needs no identity policy beside it
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
// A topic encrypted with the AWS managed key aws/sns cannot take them: AWS
// services publish only to topics encrypted with a customer managed key
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
func (s Scope) ExistingTopicKeyStatements(topicARN, region string) Document {
	return New(
		AlertTopicKeyUse([]string{topicARN}),
		Statement{
			Sid:       "AllowReconcilerThroughSNS",
			Effect:    Allow,
			Principal: Anyone,
			Action:    Strings{"kms:Decrypt", "kms:GenerateDataKey*"},
			Resource:  Strings{"*"},
			Condition: Conditions{
				ArnEquals: {PrincipalARN: Sorted(s.ownRole(s.Names.ReconcilerStateMachineRole()),
					s.ownRole(s.Names.IngestStateMachineRole()))},
				StringEquals: {
					snsTopicContext:  Strings{topicARN},
					"kms:ViaService": Strings{"sns." + region + ".amazonaws.com"},
				},
			},
		},
	)
}

// AlertTopicKeyUse is the key policy statement that lets EventBridge and
// CloudWatch publish to the deployment's encrypted alert topics (on the
// alerts key of AlertKeyPolicy, never on the deployment key): AWS
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
		Condition: Conditions{StringEquals: {snsTopicContext: Sorted(topicARNs...)}},
	}
}
