package desired

// The inputs of the audit report resources (docs/audit-reports.md):
// pulumi-aws 6.83.4's backup.Framework and backup.ReportPlan, and the S3
// bucket the reports are delivered to with its configuration resources.

// FrameworkArgs are the inputs of an AWS Backup Audit Manager framework.
type FrameworkArgs struct {
	Name        string             `input:"name"`
	Description string             `input:"description"`
	Controls    []FrameworkControl `input:"controls"`
	Tags        ComponentTags      `input:"tags"`
}

func (FrameworkArgs) Token() string { return BackupFramework }

// FrameworkControl is one of a framework's controls.
type FrameworkControl struct {
	Name            string                  `input:"name"`
	InputParameters []FrameworkControlParam `input:"inputParameters,omitempty"`
	Scope           *FrameworkControlScope  `input:"scope,omitempty"`
}

// FrameworkControlParam is an input parameter of a control.
type FrameworkControlParam struct {
	Name  string `input:"name"`
	Value string `input:"value"`
}

// FrameworkControlScope is a control's scope: resource types, or one tag.
type FrameworkControlScope struct {
	ComplianceResourceTypes []string          `input:"complianceResourceTypes,omitempty"`
	Tags                    map[string]string `input:"tags,omitempty"`
}

// ReportPlanArgs are the inputs of an AWS Backup Audit Manager report plan.
type ReportPlanArgs struct {
	Name                  string                `input:"name"`
	Description           string                `input:"description"`
	ReportDeliveryChannel ReportDeliveryChannel `input:"reportDeliveryChannel"`
	ReportSetting         ReportSetting         `input:"reportSetting"`
	Tags                  ComponentTags         `input:"tags"`
}

func (ReportPlanArgs) Token() string { return BackupReportPlan }

// ReportDeliveryChannel is where a report plan delivers: a planned bucket.
type ReportDeliveryChannel struct {
	S3BucketName Ref      `input:"s3BucketName"`
	Formats      []string `input:"formats"`
}

// ReportSetting is what a report plan reports on. OrganizationUnits are
// the deployment's OU targets.
type ReportSetting struct {
	ReportTemplate    string     `input:"reportTemplate"`
	Accounts          []string   `input:"accounts,omitempty"`
	OrganizationUnits []TargetID `input:"organizationUnits,omitempty"`
	Regions           []string   `input:"regions,omitempty"`
}

// BucketArgs are the inputs of an S3 general purpose bucket (BucketV2).
// ObjectLockEnabled can be set only when the bucket is created.
type BucketArgs struct {
	Bucket            string        `input:"bucket"`
	ObjectLockEnabled bool          `input:"objectLockEnabled"`
	ForceDestroy      bool          `input:"forceDestroy"`
	Tags              ComponentTags `input:"tags"`
}

func (BucketArgs) Token() string { return S3Bucket }

// BucketVersioningArgs are the inputs of a bucket's versioning.
type BucketVersioningArgs struct {
	Bucket                  Ref                     `input:"bucket"`
	VersioningConfiguration VersioningConfiguration `input:"versioningConfiguration"`
}

func (BucketVersioningArgs) Token() string { return S3BucketVersioning }

// VersioningConfiguration is Enabled or Suspended.
type VersioningConfiguration struct {
	Status string `input:"status"`
}

// BucketObjectLockArgs are the inputs of a bucket's Object Lock
// configuration: its default retention.
type BucketObjectLockArgs struct {
	Bucket            Ref            `input:"bucket"`
	ObjectLockEnabled string         `input:"objectLockEnabled"`
	Rule              ObjectLockRule `input:"rule"`
}

func (BucketObjectLockArgs) Token() string { return S3BucketObjectLock }

// ObjectLockRule holds the default retention.
type ObjectLockRule struct {
	DefaultRetention ObjectLockRetention `input:"defaultRetention"`
}

// ObjectLockRetention is a mode (COMPLIANCE or GOVERNANCE) and days.
type ObjectLockRetention struct {
	Mode string `input:"mode"`
	Days int    `input:"days"`
}

// BucketEncryptionArgs are the inputs of a bucket's default encryption.
type BucketEncryptionArgs struct {
	Bucket Ref              `input:"bucket"`
	Rules  []EncryptionRule `input:"rules"`
}

func (BucketEncryptionArgs) Token() string { return S3BucketEncryption }

// EncryptionRule is a default encryption rule.
type EncryptionRule struct {
	ApplyServerSideEncryptionByDefault EncryptionByDefault `input:"applyServerSideEncryptionByDefault"`
}

// EncryptionByDefault is the algorithm of default encryption.
type EncryptionByDefault struct {
	SSEAlgorithm string `input:"sseAlgorithm"`
}

// BucketPublicAccessBlockArgs are the inputs of a bucket's public access block.
type BucketPublicAccessBlockArgs struct {
	Bucket                Ref  `input:"bucket"`
	BlockPublicAcls       bool `input:"blockPublicAcls"`
	BlockPublicPolicy     bool `input:"blockPublicPolicy"`
	IgnorePublicAcls      bool `input:"ignorePublicAcls"`
	RestrictPublicBuckets bool `input:"restrictPublicBuckets"`
}

func (BucketPublicAccessBlockArgs) Token() string { return S3BucketPublicAccessBlock }

// BucketPolicyArgs are the inputs of a bucket's policy.
type BucketPolicyArgs struct {
	Bucket Ref    `input:"bucket"`
	Policy string `input:"policy"`
}

func (BucketPolicyArgs) Token() string { return S3BucketPolicy }
