package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	awsnative "github.com/pulumi/pulumi-aws-native/sdk/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Explicit providers do not read the stack's configuration, so the
// providers of the extra regions copy it: every setting of the package's
// provider from the stack's "<package>:" keys, and for aws-native the
// settings it shares with aws (profile, assumeRole, keys, …) from "aws:"
// when it has none of its own. Credentials from the environment (CI, Pulumi
// Deployments OIDC) reach every provider process without copying.

// providerSettings lists the configuration keys of each provider with the
// Go kind of their values.
var providerSettings = map[string]map[string]reflect.Kind{
	"aws":        settingsOf(aws.ProviderArgs{}.ElementType()),
	"aws-native": settingsOf(awsnative.ProviderArgs{}.ElementType()),
}

func settingsOf(args reflect.Type) map[string]reflect.Kind {
	out := map[string]reflect.Kind{}
	for _, f := range reflect.VisibleFields(args) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		t := f.Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		out[name] = t.Kind()
	}
	return out
}

// settingsSharedWithAWS are aws-native settings that mean the same as the aws setting of the same name.
var settingsSharedWithAWS = []string{"accessKey", "allowedAccountIds", "assumeRole", "defaultTags",
	"forbiddenAccountIds", "insecure", "maxRetries", "profile", "secretKey", "skipCredentialsValidation",
	"skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId", "token"}

// The component's own provider may be an explicit one whose credentials
// the stack's configuration does not hold, so the providers of the other
// regions could reach another account. Each is therefore pinned to the
// account the component's provider reaches with allowedAccountIds, which
// the provider checks when it is configured, at preview: a provider that
// reaches another account fails ("AWS account ID not allowed") instead of
// creating anything there
// (https://www.pulumi.com/registry/packages/aws/api-docs/provider/#allowedaccountids).

// regionalProviderInputs configures a provider of pkg for region from the
// stack's configuration, allowed only in account.
func regionalProviderInputs(ctx *pulumi.Context, pkg, region, account string) pulumi.Map {
	inputs := pulumi.Map{"region": pulumi.String(region)}
	for key, kind := range providerSettings[pkg] {
		if key == "region" {
			continue
		}
		configKey, value, ok := providerSetting(ctx, pkg, key)
		if !ok {
			continue
		}
		in := settingInput(value, kind)
		if ctx.IsConfigSecret(configKey) {
			in = pulumi.ToSecret(in)
		}
		inputs[key] = in
	}
	inputs["allowedAccountIds"] = pulumi.ToStringArray([]string{account})
	if pkg == "aws-native" {
		// An explicit setting wins over AWS_SKIP_CREDENTIALS_VALIDATION,
		// which would otherwise skip the account check (see
		// checkRegionalProviders).
		inputs["skipCredentialsValidation"] = pulumi.Bool(false)
	}
	return inputs
}

// providerSetting reads a setting of pkg from the stack's configuration,
// for aws-native falling back to the aws setting of the same meaning.
func providerSetting(ctx *pulumi.Context, pkg, key string) (configKey, value string, ok bool) {
	configKey = pkg + ":" + key
	value, ok = ctx.GetConfig(configKey)
	if !ok && pkg == "aws-native" && slices.Contains(settingsSharedWithAWS, key) {
		configKey = "aws:" + key
		value, ok = ctx.GetConfig(configKey)
	}
	return configKey, value, ok
}

// checkRegionalProviders refuses, before anything is registered, stack
// settings under which the regional providers of the planned resources
// could not be pinned to account:
//   - allowed or forbidden account ids that exclude it;
//   - skipCredentialsValidation for aws-native (its own key, or aws's, which
//     the aws-native providers copy): pulumi-aws-native v1.70.0 looks its
//     account up and checks allowedAccountIds only when credentials are
//     validated (Configure in provider/pkg/provider/provider.go,
//     https://github.com/pulumi/pulumi-aws-native/blob/v1.70.0/provider/pkg/provider/provider.go),
//     so the pin would check nothing. It also reads the setting from the
//     AWS_SKIP_CREDENTIALS_VALIDATION environment variable when the
//     provider has none, which regionalProviderInputs overrides with an
//     explicit false. pulumi-aws needs no such refusal: without credential
//     validation it still requests the account id;
//   - skipRequestingAccountId. This one cannot unpin a provider: with
//     skipCredentialsValidation as well, pulumi-aws leaves the account id
//     empty (GetAwsAccountIDAndPartition,
//     https://github.com/hashicorp/aws-sdk-go-base/blob/main/aws_config.go)
//     and allowedAccountIds then refuses it ("AWS account ID not allowed: ",
//     VerifyAccountIDAllowed after it in
//     https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/conns/config.go);
//     without, it still gets the id from sts:GetCallerIdentity.
//     pulumi-aws-native v1.70.0 refuses the setting in CheckConfig ("not
//     yet implemented"). It is refused here all the same, to fail at once
//     with a message that says why.
func checkRegionalProviders(ctx *pulumi.Context, resources []desired.Resource, account string) error {
	var problems []string
	seen := map[string]bool{}
	for _, r := range resources {
		pkg, isProvider := strings.CutPrefix(r.Type, desired.ProviderPrefix)
		if !isProvider || seen[pkg] {
			continue
		}
		seen[pkg] = true
		if key, value, ok := providerSetting(ctx, pkg, "allowedAccountIds"); ok && !listed(value, account) {
			problems = append(problems, fmt.Sprintf("%s %s does not list %s, the account the component's provider "+
				"reaches; the %s providers of the other regions must use that account", key, value, account, pkg))
		}
		if key, value, ok := providerSetting(ctx, pkg, "forbiddenAccountIds"); ok && listed(value, account) {
			problems = append(problems, fmt.Sprintf("%s %s lists %s, the account the component's provider reaches",
				key, value, account))
		}
		if key, value, ok := providerSetting(ctx, pkg, "skipCredentialsValidation"); ok && pkg == "aws-native" &&
			value == "true" {
			problems = append(problems, fmt.Sprintf("%s is true: the aws-native providers of the regions would not "+
				"look their account up, so nothing would check that they reach account %s; remove it", key, account))
		}
		if key, value, ok := providerSetting(ctx, pkg, "skipRequestingAccountId"); ok && value == "true" {
			problems = append(problems, fmt.Sprintf("%s is true: the %s providers of the regions are pinned to "+
				"account %s with allowedAccountIds, which refuses a provider that does not look its account up; "+
				"remove it", key, pkg, account))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("stack configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// listed reports whether a JSON list of account ids holds account.
func listed(list, account string) bool {
	var ids []string
	if err := json.Unmarshal([]byte(list), &ids); err != nil {
		return false
	}
	return slices.Contains(ids, account)
}

// settingInput is a configuration value as the provider's input: strings
// as they are, everything else parsed from its JSON or literal form.
func settingInput(value string, kind reflect.Kind) pulumi.Input {
	switch kind {
	case reflect.String:
		return pulumi.String(value)
	case reflect.Bool:
		if b, err := strconv.ParseBool(value); err == nil {
			return pulumi.Bool(b)
		}
	case reflect.Int:
		if n, err := strconv.Atoi(value); err == nil {
			return pulumi.Int(n)
		}
	}
	var parsed any
	if err := json.Unmarshal([]byte(value), &parsed); err != nil {
		return pulumi.String(value)
	}
	return pulumi.Any(parsed)
}
