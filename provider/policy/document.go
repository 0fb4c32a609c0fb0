package policy

// The JSON shape of a backup policy. Fields are declared in key order so
// the output matches the reference module's (Terraform's jsonencode sorts
// object keys); maps are sorted by encoding/json.

// assign is the "@@assign" inheritance operator around a value.
type assign[T any] struct {
	Value T `json:"@@assign"`
}

type plan struct {
	Regions    assign[[]string] `json:"regions"`
	Rules      map[string]rule  `json:"rules"`
	Selections selections       `json:"selections"`
}

type rule struct {
	CompleteBackupWindowMinutes *assign[int]          `json:"complete_backup_window_minutes,omitempty"`
	CopyActions                 map[string]copyAction `json:"copy_actions,omitempty"`
	EnableContinuousBackup      assign[bool]          `json:"enable_continuous_backup"`
	Lifecycle                   *lifecycle            `json:"lifecycle,omitempty"`
	RecoveryPointTags           map[string]tag        `json:"recovery_point_tags,omitempty"`
	ScheduleExpression          assign[string]        `json:"schedule_expression"`
	StartBackupWindowMinutes    *assign[int]          `json:"start_backup_window_minutes,omitempty"`
	TargetBackupVaultName       assign[string]        `json:"target_backup_vault_name"`
	// TargetLogicallyAirGapped is the ARN of a logically air-gapped vault
	// in the account and region the plan runs in, written with the $account
	// and $region placeholders the syntax requires (BackupPolicySyntaxPage).
	TargetLogicallyAirGapped *assign[string] `json:"target_logically_air_gapped_backup_vault_arn,omitempty"`
}

type lifecycle struct {
	DeleteAfterDays assign[int] `json:"delete_after_days"`
}

type copyAction struct {
	TargetBackupVaultARN assign[string] `json:"target_backup_vault_arn"`
}

type tag struct {
	TagKey   assign[string] `json:"tag_key"`
	TagValue assign[int]    `json:"tag_value"`
}

type selections struct {
	Resources map[string]selection `json:"resources"`
}

type selection struct {
	Conditions    map[string]map[string]condition `json:"conditions"`
	IAMRoleARN    assign[string]                  `json:"iam_role_arn"`
	ResourceTypes assign[[]string]                `json:"resource_types"`
}

type condition struct {
	ConditionKey   assign[string] `json:"condition_key"`
	ConditionValue assign[string] `json:"condition_value"`
}
