// Package cost estimates what a built OrgBackup configuration costs each
// month: the fixed cost of the planned resources, the reconciler's state
// transitions at a stated recovery-point count, and the per-GB rates of the
// copies as formulas over the user's sizes. Prices come from one dated
// table (Prices), each line with the AWS pricing page it comes from; the
// package makes no network call and its output is deterministic.
package cost

import (
	"slices"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Price is one line of the price table: a list price in USD per Unit, or
// an explicit Free line (with Reason), or a NotFound line (Reason says
// "price not found: <url tried>") that every total leaves out.
type Price struct {
	Key      string  `json:"key"`
	Service  string  `json:"service"`
	Item     string  `json:"item"`
	Unit     string  `json:"unit"`
	USD      float64 `json:"usd"`
	Free     bool    `json:"free,omitempty"`
	NotFound bool    `json:"notFound,omitempty"`
	Reason   string  `json:"reason,omitempty"`
	// Source is the AWS pricing page the line comes from.
	Source string `json:"source"`
	// Via is a page quoting the AWS page's figure, when the stored copy of
	// the AWS page did not show the figure itself.
	Via string `json:"via,omitempty"`
}

// Priced reports whether the line has a usable number (a price or free).
func (p Price) Priced() bool { return !p.NotFound }

// Table is the dated price table.
type Table struct {
	Date   string  `json:"date"`
	Region string  `json:"region"`
	Lines  []Price `json:"lines"`
}

// Line returns the line with key; ok is false for an unknown key.
func (t Table) Line(key string) (Price, bool) {
	i := slices.IndexFunc(t.Lines, func(p Price) bool { return p.Key == key })
	if i < 0 {
		return Price{}, false
	}
	return t.Lines[i], true
}

// Price table keys.
const (
	KMSKeyMonth              = "kms-key-month"
	KMSRotation              = "kms-rotation-month"
	AlarmMetricMonth         = "cloudwatch-alarm-metric-month"
	LogsIngestGB             = "cloudwatch-logs-ingest-gb"
	LogsStorageGBMonth       = "cloudwatch-logs-storage-gb-month"
	SFNStandardTransitions   = "sfn-standard-1000-transitions"
	SFNExpressRequests       = "sfn-express-1m-requests"
	SFNExpressGBSecond       = "sfn-express-gb-second"
	SFNIdle                  = "sfn-idle"
	EventsCustomMillion      = "eventbridge-custom-1m-events"
	EventsFree               = "eventbridge-rules-free"
	SNSTopicIdle             = "sns-topic-idle"
	SNSEmail100k             = "sns-email-100k"
	LambdaRequestsMillion    = "lambda-1m-requests"
	LambdaGBSecond           = "lambda-gb-second"
	CloudFormationFree       = "cloudformation-aws-types"
	OrganizationsFree        = "organizations"
	IAMFree                  = "iam"
	RAMFree                  = "ram"
	BackupVaultIdle          = "backup-vault-idle"
	BackupWarmGBMonth        = "backup-warm-gb-month"
	BackupColdGBMonth        = "backup-cold-gb-month"
	BackupLAGGBMonth         = "backup-lag-gb-month"
	BackupCrossRegionGB      = "backup-cross-region-gb"
	BackupCrossAccountGB     = "backup-cross-account-same-region-gb"
	BackupSameRegionCopy     = "backup-same-account-same-region-copy"
	BackupRestoreTestingIdle = "backup-restore-testing-plan"
	BackupRestoreTestingJob  = "backup-restore-testing-job"
	BackupAuditEvaluation    = "backup-audit-control-evaluation"
	BackupReportPlanFree     = "backup-audit-report-plan"
	ConfigItem               = "config-configuration-item"
	S3StandardGBMonth        = "s3-standard-gb-month"
	S3BucketConfigFree       = "s3-bucket-configuration"
	KMSAliasFree             = "kms-alias"
	LogsResourcePolicyFree   = "cloudwatch-logs-resource-policy"
	NotAWSResource           = "not-an-aws-resource"
	awsBackupPricing         = "https://aws.amazon.com/backup/pricing/"
	awsCloudWatchPricing     = "https://aws.amazon.com/cloudwatch/pricing/"
	awsEventBridgePricing    = "https://aws.amazon.com/eventbridge/pricing/"
	awsSNSPricing            = "https://aws.amazon.com/sns/pricing/"
	awsStepFunctionsPricing  = "https://aws.amazon.com/step-functions/pricing/"
)

// Prices is the one price table: US East (N. Virginia) list prices as the
// AWS pricing pages give them on Date (Europe (London) is the same for
// every priced line whose page lists it: Step Functions, KMS). A line whose
// figure could not be read on the AWS page is NotFound and left out of
// every total; a figure read from a page quoting the AWS page names it in
// Via.
var Prices = Table{
	Date:   "2026-12-07",
	Region: "us-east-1",
	Lines: []Price{
		{Key: KMSKeyMonth, Service: "AWS KMS", Item: "customer managed key (each multi-Region primary and each replica counts as a key)",
			Unit: "key-month", USD: 1.00, Source: "https://aws.amazon.com/kms/pricing/"},
		{Key: KMSRotation, Service: "AWS KMS", Item: "each rotated backing key of a key with automatic rotation",
			Unit: "backing key-month", USD: 1.00, Source: "https://aws.amazon.com/kms/pricing/"},
		{Key: KMSAliasFree, Service: "AWS KMS", Item: "alias", Free: true,
			Reason: "the page charges keys and requests only; an alias is neither", Source: "https://aws.amazon.com/kms/pricing/"},
		{Key: AlarmMetricMonth, Service: "Amazon CloudWatch", Item: "standard-resolution alarm, per metric in the alarm (a metric-math alarm is charged for each metric it retrieves)",
			Unit: "alarm metric-month", USD: 0.10, Source: awsCloudWatchPricing,
			Via: "https://github.com/vreutova/infracost-idem-support/pull/2"},
		{Key: LogsIngestGB, Service: "Amazon CloudWatch", Item: "Logs ingestion (standard log class)",
			Unit: "GB ingested", USD: 0.50, Source: awsCloudWatchPricing,
			Via: "https://github.com/vreutova/infracost-idem-support/pull/2"},
		{Key: LogsStorageGBMonth, Service: "Amazon CloudWatch", Item: "Logs archival storage",
			Unit: "GB-month", USD: 0.03, Source: awsCloudWatchPricing,
			Via: "https://github.com/vreutova/infracost-idem-support/pull/2"},
		{Key: LogsResourcePolicyFree, Service: "Amazon CloudWatch", Item: "Logs resource policy", Free: true,
			Reason: "the page charges ingestion, storage and queries; a resource policy is none of them", Source: awsCloudWatchPricing},
		{Key: SFNStandardTransitions, Service: "AWS Step Functions", Item: "STANDARD workflow state transitions (US East (N. Virginia) and Europe (London) alike; the 4,000 free a month are not subtracted)",
			Unit: "1,000 state transitions", USD: 0.025, Source: awsStepFunctionsPricing},
		{Key: SFNIdle, Service: "AWS Step Functions", Item: "a state machine that does not run", Free: true,
			Reason: "you pay for state transitions (STANDARD) or requests and duration (EXPRESS) only", Source: awsStepFunctionsPricing},
		{Key: SFNExpressRequests, Service: "AWS Step Functions", Item: "EXPRESS workflow requests", Unit: "1M requests", NotFound: true,
			Reason: "price not found: " + awsStepFunctionsPricing + " (the stored copy's Express table did not render)", Source: awsStepFunctionsPricing},
		{Key: SFNExpressGBSecond, Service: "AWS Step Functions", Item: "EXPRESS workflow duration", Unit: "GB-second", NotFound: true,
			Reason: "price not found: " + awsStepFunctionsPricing + " (the stored copy's Express table did not render)", Source: awsStepFunctionsPricing},
		{Key: EventsFree, Service: "Amazon EventBridge", Item: "event bus, rules, targets, bus policy and AWS management events", Free: true,
			Reason: "AWS management events are ingested for free and the page charges events, not rules or buses", Source: awsEventBridgePricing},
		{Key: EventsCustomMillion, Service: "Amazon EventBridge", Item: "events published or delivered to another account (each 64 KB chunk)",
			Unit: "1M events", USD: 1.00, Source: awsEventBridgePricing,
			Via: "https://cloudburn.io/blog/amazon-eventbridge-pricing"},
		{Key: SNSTopicIdle, Service: "Amazon SNS", Item: "topic and subscription", Free: true,
			Reason: "SNS charges requests and deliveries, with no up-front or per-topic cost", Source: awsSNSPricing},
		{Key: SNSEmail100k, Service: "Amazon SNS", Item: "email notifications", Unit: "100,000 notifications", NotFound: true,
			Reason: "price not found: " + awsSNSPricing + " (the stored copy did not show the figure)", Source: awsSNSPricing},
		{Key: LambdaRequestsMillion, Service: "AWS Lambda", Item: "requests (the member vault manager runs on StackSet operations only; 1M free a month)",
			Unit: "1M requests", USD: 0.20, Source: "https://aws.amazon.com/lambda/pricing/",
			Via: "https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html"},
		{Key: LambdaGBSecond, Service: "AWS Lambda", Item: "duration (x86; 400,000 GB-seconds free a month)",
			Unit: "GB-second", USD: 0.0000166667, Source: "https://aws.amazon.com/lambda/pricing/",
			Via: "https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html"},
		{Key: CloudFormationFree, Service: "AWS CloudFormation", Item: "StackSet, stack instances and AWS::*/Custom::* resources", Free: true,
			Reason: "no additional charge for resource providers in the AWS::*, Alexa::* and Custom::* namespaces", Source: "https://aws.amazon.com/cloudformation/pricing/"},
		{Key: OrganizationsFree, Service: "AWS Organizations", Item: "backup and service control policies and their attachments", Free: true,
			Reason: "AWS Organizations is offered at no additional charge (page not retrieved here)", Source: "https://aws.amazon.com/organizations/pricing/"},
		{Key: IAMFree, Service: "AWS IAM", Item: "roles, inline policies, attachments, service-linked roles", Free: true,
			Reason: "IAM is a feature of the AWS account offered at no additional charge (page not retrieved here)", Source: "https://aws.amazon.com/iam/pricing/"},
		{Key: RAMFree, Service: "AWS RAM", Item: "resource share of the air-gapped vaults", Free: true,
			Reason: "AWS RAM has no additional charge (page not retrieved here)", Source: "https://aws.amazon.com/ram/pricing/"},
		{Key: BackupVaultIdle, Service: "AWS Backup", Item: "vault, vault policy and vault lock without recovery points", Free: true,
			Reason: "no minimum fee and no set-up charges: you pay for storage, transfer, restores and evaluations", Source: awsBackupPricing},
		{Key: BackupWarmGBMonth, Service: "AWS Backup", Item: "warm backup storage (EFS/EBS-class rate; each service has its own)",
			Unit: "GB-month", USD: 0.05, Source: awsBackupPricing, Via: "https://cloudburn.io/blog/aws-backup-pricing"},
		{Key: BackupCrossRegionGB, Service: "AWS Backup", Item: "cross-Region copy data transfer",
			Unit: "GB transferred", USD: 0.02, Source: awsBackupPricing,
			Via: "https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/"},
		{Key: BackupColdGBMonth, Service: "AWS Backup", Item: "cold backup storage (90-day minimum)", Unit: "GB-month", NotFound: true,
			Reason: "price not found: " + awsBackupPricing + " (pages quoting it disagree: $0.01 and $0.0125)", Source: awsBackupPricing},
		{Key: BackupLAGGBMonth, Service: "AWS Backup", Item: "logically air-gapped vault storage", Unit: "GB-month", NotFound: true,
			Reason: "price not found: " + awsBackupPricing + " (the stored copy's tables did not render)", Source: awsBackupPricing},
		{Key: BackupCrossAccountGB, Service: "AWS Backup", Item: "cross-account copy within one Region", Unit: "GB transferred", NotFound: true,
			Reason: "price not found: " + awsBackupPricing + " (the page lists cross-Region transfer only)", Source: awsBackupPricing},
		{Key: BackupSameRegionCopy, Service: "AWS Backup", Item: "copy within one account and Region (the member locked vault's in-account copies)",
			Unit: "GB transferred", Free: true,
			Reason: "you pay for the backup storage you use and the backup data you restore; the page's data transfer charges are for copies across Regions",
			Source: awsBackupPricing},
		{Key: BackupRestoreTestingIdle, Service: "AWS Backup", Item: "restore testing plan and selection (docs/restore-testing.md)", Free: true,
			Reason: "no minimum fee and no set-up charges: you pay for storage, transfer, restores and evaluations", Source: awsBackupPricing},
		{Key: BackupRestoreTestingJob, Service: "AWS Backup", Item: "each restore testing job, plus the restored data (per GB) and the restored resource's own running cost (EC2 instance hours, DynamoDB table, ...) until its validation window closes",
			Unit: "restore testing job", NotFound: true,
			Reason: "price not found: " + awsBackupPricing + " (the stored copy's restore testing table did not render)", Source: awsBackupPricing},
		{Key: BackupAuditEvaluation, Service: "AWS Backup", Item: "Backup Audit Manager control evaluation, \"the evaluation of one resource against one control\" (https://docs.aws.amazon.com/aws-backup/latest/devguide/metering-and-billing.html), billed as BackupEvaluations-Count while a framework exists",
			Unit: "control evaluation", NotFound: true,
			Reason: "price not found: " + awsBackupPricing + " (the stored copy's Backup Audit Manager table did not render)", Source: awsBackupPricing},
		{Key: BackupReportPlanFree, Service: "AWS Backup", Item: "Backup Audit Manager report plan and its daily reports", Free: true,
			Reason: "\"AWS Backup Audit Manager charges for usage based on the number of control evaluations\"; a report is not one (https://docs.aws.amazon.com/aws-backup/latest/devguide/metering-and-billing.html)",
			Source: awsBackupPricing},
		{Key: ConfigItem, Service: "AWS Config", Item: "configuration item recorded (continuous recording), which Backup Audit Manager's controls need: \"AWS Config charges for each configuration item recorded\" (https://docs.aws.amazon.com/aws-backup/latest/devguide/metering-and-billing.html)",
			Unit: "configuration item", USD: 0.003, Source: "https://aws.amazon.com/config/pricing/",
			Via: "https://www.vantage.sh/blog/aws-config-pricing"},
		{Key: S3StandardGBMonth, Service: "Amazon S3", Item: "S3 Standard storage of the audit reports, every version kept",
			Unit: "GB-month", NotFound: true,
			Reason: "price not found: https://aws.amazon.com/s3/pricing/ (not retrieved here)", Source: "https://aws.amazon.com/s3/pricing/"},
		{Key: S3BucketConfigFree, Service: "Amazon S3", Item: "a bucket's versioning, Object Lock, encryption, public access block and policy", Free: true,
			Reason: "S3 charges storage, requests, data transfer and management features; these settings are none of them, and SSE-S3 has no charge of its own",
			Source: "https://aws.amazon.com/s3/pricing/"},
		{Key: NotAWSResource, Service: "Pulumi", Item: "providers and stack references", Free: true,
			Reason: "Pulumi engine objects, not AWS resources", Source: "https://www.pulumi.com/docs/iac/concepts/resources/providers/"},
	},
}

// ResourceTypes maps every resource type the plans produce to the price
// line that prices it (or says why it is free). TestEveryPlannedTypeIsPriced
// fails on a planned type missing here.
var ResourceTypes = map[string]string{
	desired.BackupVault:                   BackupVaultIdle,
	desired.BackupVaultPolicy:             BackupVaultIdle,
	desired.BackupVaultLockConfiguration:  BackupVaultIdle,
	desired.BackupLogicallyAirGapped:      BackupVaultIdle,
	desired.BackupAirGappedVault:          BackupVaultIdle,
	desired.BackupRestoreTestingPlan:      BackupRestoreTestingIdle,
	desired.BackupRestoreTestingSelection: BackupRestoreTestingIdle,
	desired.BackupFramework:               BackupAuditEvaluation,
	desired.BackupReportPlan:              BackupReportPlanFree,
	desired.S3Bucket:                      S3StandardGBMonth,
	desired.S3BucketVersioning:            S3BucketConfigFree,
	desired.S3BucketObjectLock:            S3BucketConfigFree,
	desired.S3BucketEncryption:            S3BucketConfigFree,
	desired.S3BucketPublicAccessBlock:     S3BucketConfigFree,
	desired.S3BucketPolicy:                S3BucketConfigFree,
	desired.CloudFormationStackSet:        CloudFormationFree,
	desired.CloudFormationStackInstances:  CloudFormationFree,
	desired.EventBus:                      EventsFree,
	desired.EventBusPolicy:                EventsFree,
	desired.EventRule:                     EventsFree,
	desired.EventTarget:                   EventsFree,
	desired.LogGroup:                      LogsIngestGB,
	desired.LogResourcePolicy:             LogsResourcePolicyFree,
	desired.MetricAlarm:                   AlarmMetricMonth,
	desired.IAMRole:                       IAMFree,
	desired.IAMRolePolicy:                 IAMFree,
	desired.IAMRolePolicyAttachment:       IAMFree,
	desired.IAMServiceLinkedRole:          IAMFree,
	desired.KMSKey:                        KMSKeyMonth,
	desired.KMSReplicaKey:                 KMSKeyMonth,
	desired.KMSAlias:                      KMSAliasFree,
	desired.OrganizationsPolicy:           OrganizationsFree,
	desired.OrganizationsAttachment:       OrganizationsFree,
	desired.OrganizationalUnit:            OrganizationsFree,
	desired.StateMachine:                  SFNIdle,
	desired.SNSTopic:                      SNSTopicIdle,
	desired.SNSTopicSubscription:          SNSTopicIdle,
	desired.RAMResourceShare:              RAMFree,
	desired.StackReference:                NotAWSResource,
	desired.AWSProvider:                   NotAWSResource,
	desired.AWSNativeProvider:             NotAWSResource,
}

// TemplateTypes maps every resource type of the member StackSet template
// to its price line.
var TemplateTypes = map[string]string{
	"AWS::Backup::Framework":          BackupAuditEvaluation,
	"AWS::IAM::Role":                  IAMFree,
	"AWS::Lambda::Function":           LambdaRequestsMillion,
	"AWS::Events::Rule":               EventsFree,
	"Custom::BackupVault":             BackupVaultIdle,
	"Custom::BackupServiceLinkedRole": IAMFree,
}
