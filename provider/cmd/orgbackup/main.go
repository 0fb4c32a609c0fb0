// Command orgbackup renders what an OrgBackup would create, offline:
//
//	orgbackup render --config FILE --out DIR
//
// FILE holds the OrgBackup inputs (YAML or JSON, the schema's names, at
// most 1 MiB) and a context block with what the component looks up in AWS;
// orgbackup --help shows the format. DIR receives:
//
//	policies/<policy name>.json   each organization backup policy, exactly as sent
//	resources.json                every resource the component registers, in order
//	stacksets/<deployment>.json   the member account template of each deployment's StackSet
//	policies-iam/central/<resource>.json            every IAM, KMS, vault, bus and log policy
//	policies-iam/member/<deployment>/<name>.json    every policy of the member resources
//	policies-iam/existing-alert-topics/<deployment>/<region>.topic-policy.json
//	    for alerts sent to an existing topic, the access policy that topic needs,
//	policies-iam/existing-alert-topics/<deployment>/<region>.key-policy-statements.json
//	    and the statements its customer managed key's policy needs (README, Alerts)
//	policies-iam/deployer-<n>.json  the IAM permissions the principal running OrgBackup needs,
//	    as managed policies 1, 2, ... (each at most 6,144 characters) to attach together
//	policies-iam/deployer-member/<deployment>-<n>.json  those of the principal running a MemberAccount
//	policies-organizations/delegation.json  the organization's delegation policy for the backup account
//	org-prerequisites/resources.json  every resource OrgPrerequisites registers in the management
//	    account (delegated administrators, cross-account backup, the delegation policy, the guard SCPs)
//	org-prerequisites/manual-steps.sh  the AWS CLI calls no resource makes (trusted access,
//	    policy types), each of which OrgPrerequisites' preview checks
//	org-prerequisites/policies/<resource>.json  the guard SCPs and the delegation policy it writes
//	import.json                   `pulumi import --file` of what the reference Terraform module created
//	terraform-addresses.txt       where that module's state holds them (docs/migration.md)
//	cost.md, cost.json            the monthly cost per deployment and Region (docs/cost.md)
//	diagram.md                    a Mermaid flowchart of each deployment (docs/diagram.md)
//	protection/<deployment>.json, protection/<deployment>.md
//	    where and when each plan's backups first become immutable, per
//	    resource type and source encryption (docs/protection.md)
//	key-policies/customer-managed-key-statement.json
//	    the statements a member account's customer managed key needs so the
//	    backup account's AWS Backup may copy its backups (docs/prerequisites.md, Keys)
//
// --name is the OrgBackup resource's name in the program (default
// "backup"); --terraform-state FILE, the output of `terraform show -json`
// of the reference module's stack, fills in the ids only AWS knows;
// --context-from-aws looks the context block up with read-only calls.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"github.com/orgbackup/pulumi-orgbackup/provider/awscontext"
	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/cost"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/diagram"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/migration"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
	"github.com/orgbackup/pulumi-orgbackup/provider/prerequisites"
	"github.com/orgbackup/pulumi-orgbackup/provider/protection"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usage is the one-line synopsis; help is what --help prints.
const usage = "usage: orgbackup render --config FILE --out DIR [--name NAME] [--terraform-state FILE] [--context-from-aws]\n" +
	"       orgbackup doctor --config FILE [--backup-account-id ID] (orgbackup doctor --help)"

const help = `orgbackup renders, offline, what an OrgBackup component would create: the
organization backup policies, every resource with its inputs, the member
StackSet template, every IAM and resource policy, and the import file for a
migration from the reference Terraform module. Nothing is sent to AWS.

` + usage + `
       orgbackup help | --help | -h
       orgbackup render --help

Flags of render:
%s
The configuration file (YAML or JSON, at most 1 MiB)
  The OrgBackup inputs with the schema's camelCase names, plus a context
  block with what the component looks up in AWS when it runs:

    context:
      partition: aws                       # aws, aws-cn or aws-us-gov
      accountId: "111111111111"            # the central backup account (quote it)
      organizationId: o-abcd1234ef
      managementAccountId: "999999999999"
      region: eu-west-2                    # the provider's region
      backupServiceLinkedRoleExists: false # true when AWS Backup's role exists
    centralAccountResourceNamePrefix: immutable-aws-backup-
    memberAccountResourceNamePrefix: orgdeploy-aws-backup-
    regions: [eu-west-2]                   # default: context.region
    memberAccountResources: StackSet       # or MemberAccountStacks
    tags: {team: platform}
    alerts: {subscriptions: [{protocol: email, endpoint: backup-alerts@example.com}]}
    deployments:
      website-service:
        backupTargets: [ou-abcd-defghijk]
        minRetentionDays: 7
        maxRetentionDays: 90
        backupTagKey: BackupPlan
        plans:
          GFS-7-28-90:
            rules:
              - {name: daily, scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}

  Every problem comes back at once, each with its input path and the file's
  line and column, e.g.
    deployments["web"].minRetentionDays (line 7, column 23): "seven" is a string; want a whole number
  A file over 1 MiB (1048576 bytes) is refused before it is read: the
  reference example is 1.2 KB, and AWS's limits (50 tags, 10 rules a plan,
  10 backup policies an OU) keep any deployable configuration far below it.

Files written to DIR
  policies/<policy>.json        each organization backup policy, as sent
  resources.json                every resource the component registers, in order
  stacksets/<deployment>.json   the member StackSet template of each deployment
  policies-iam/...              every IAM, KMS, vault, bus and log policy, and the
                                permissions of the principals that run OrgBackup
                                (deployer-1.json, deployer-2.json, ...: managed policies)
  policies-organizations/delegation.json   the organization's delegation policy
                                for the backup account (docs/prerequisites.md, step 10)
  org-prerequisites/resources.json   what OrgPrerequisites registers in the management
                                account, with the guard SCPs (docs/org-prerequisites.md)
  org-prerequisites/manual-steps.sh  the CLI calls no resource makes
  import.json, terraform-addresses.txt   the migration from the Terraform module
  cost.md, cost.json            the monthly cost per deployment and Region (docs/cost.md)
  diagram.md                    a Mermaid picture of each deployment (docs/diagram.md)
  protection/<deployment>.json, protection/<deployment>.md
                                where and when each plan's backups become immutable,
                                per resource type and encryption (docs/protection.md)
  key-policies/customer-managed-key-statement.json
                                the statements to paste into a member account's customer
                                managed key policy so the backup account may copy its
                                backups (docs/prerequisites.md, Keys)

Exit status: 0 rendered (warnings go to stderr), 1 invalid configuration (or,
with --context-from-aws, a failed AWS look-up), 2 misuse of the command.

Examples
  orgbackup render --config examples/config/reference.yaml --out out/reference
  orgbackup render --config org.json --out out --name backup \
      --terraform-state <(terraform show -json)
  AWS_PROFILE=backup orgbackup render --config org.yaml --out out --context-from-aws
`

func run(args []string, stdout, stderr io.Writer) int {
	var opts renderOptions
	flags := renderFlags(&opts)
	if len(args) == 0 {
		return misuse(stderr, "no command given: say render or doctor (or --help)")
	}
	switch args[0] {
	case "help", "--help", "-help", "-h":
		if len(args) > 1 && args[1] != "render" {
			return misuse(stderr, fmt.Sprintf("help has no topic %q", args[1]))
		}
		printHelp(stdout, flags)
		return 0
	case "render":
	case "doctor":
		return doctor(args[1:], stdout, stderr)
	default:
		if strings.HasPrefix(args[0], "-") {
			if f := renderFlags(&renderOptions{}).Lookup(strings.TrimLeft(args[0], "-")); f != nil {
				return misuse(stderr, fmt.Sprintf("flag %s comes before a command: write orgbackup render %s ...", args[0], args[0]))
			}
			return misuse(stderr, fmt.Sprintf("unknown flag %s: the commands are render and doctor (orgbackup --help)", args[0]))
		}
		return misuse(stderr, fmt.Sprintf("unknown command %q: the commands are render and doctor", args[0]))
	}
	if err := flags.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, flags)
			return 0
		}
		return misuse(stderr, flagError(err))
	}
	var missing []string
	if opts.config == "" {
		missing = append(missing, "--config FILE")
	}
	if opts.out == "" {
		missing = append(missing, "--out DIR")
	}
	switch {
	case flags.NArg() > 0:
		return misuse(stderr, fmt.Sprintf("unexpected argument %q: render takes only flags (and reads none after it)",
			flags.Arg(0)))
	case len(missing) > 0:
		return misuse(stderr, "render needs "+strings.Join(missing, " and "))
	}
	if err := render(opts, stdout, stderr); err != nil {
		var problems config.Problems
		if errors.As(err, &problems) {
			fmt.Fprintln(stderr, problems.Error())
		} else {
			fmt.Fprintln(stderr, "orgbackup:", err)
		}
		return 1
	}
	return 0
}

// renderOptions are render's flags.
type renderOptions struct {
	config, out    string
	migrate        migrationOptions
	contextFromAWS bool
}

// renderFlags is render's flag set, filling opts; run reports its errors.
func renderFlags(opts *renderOptions) *flag.FlagSet {
	flags := flag.NewFlagSet("render", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.StringVar(&opts.config, "config", "",
		"the configuration `FILE`: OrgBackup inputs and a context block (YAML or JSON, at most 1 MiB)")
	flags.StringVar(&opts.out, "out", "", "the `DIR`ectory to write the rendered files to")
	flags.StringVar(&opts.migrate.component, "name", "backup", "the OrgBackup resource's `NAME` in the program, for import.json")
	flags.StringVar(&opts.migrate.terraformState, "terraform-state", "",
		"`FILE` written by terraform show -json for the reference module's stack, to fill import.json's ids")
	flags.BoolVar(&opts.contextFromAWS, "context-from-aws", false,
		"fill the context block from the caller's AWS credentials and region (the SDK's default chain: "+
			"environment, profile, SSO, container and instance roles) with read-only calls: sts:GetCallerIdentity, organizations:DescribeOrganization, iam:ListRoles")
	return flags
}

// flagError rewords the flag package's errors with the flags' names as
// the usage writes them.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Sprintf("unknown flag --%s: render's flags are --config, --out, --name, --terraform-state and --context-from-aws",
			strings.TrimPrefix(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("--%s needs a value", strings.TrimPrefix(name, "-"))
	}
	return msg
}

// misuse names what is wrong with the command line, then the usage; exit 2.
func misuse(stderr io.Writer, what string) int {
	fmt.Fprintf(stderr, "orgbackup: %s\n%s\nRun orgbackup --help for the flags, the file format and examples.\n", what, usage)
	return 2
}

// printHelp prints help with the flags of render.
func printHelp(w io.Writer, flags *flag.FlagSet) {
	var defaults strings.Builder
	flags.SetOutput(&defaults)
	flags.PrintDefaults()
	flags.SetOutput(io.Discard)
	fmt.Fprintf(w, help, defaults.String())
}

// migrationOptions name the component and the Terraform state import.json is for.
type migrationOptions struct {
	component      string
	terraformState string // "" leaves the lookups in import.json
}

// render writes the files of configPath to outDir, the summary to stdout
// and every warning to stderr.
func render(opts renderOptions, stdout, stderr io.Writer) error {
	data, err := config.ReadFile(opts.config)
	if err != nil {
		return err
	}
	file, err := loadFile(data, opts.contextFromAWS, stderr)
	if err != nil {
		return err
	}
	built, err := central.Build(file.Config, file.Context)
	if err != nil {
		return err
	}
	for _, w := range built.Warnings {
		fmt.Fprintln(stderr, "warning:", w.String())
	}
	cfg := built.Config
	files := map[string]string{}
	for _, doc := range built.Documents {
		files[filepath.Join("policies", doc.Name+".json")] = doc.Content
	}
	for _, key := range cfg.DeploymentKeys() {
		if cfg.MemberAccountResources == config.StackSet {
			files[filepath.Join("stacksets", key+".json")] = member.Template(built.Deployments[key].Member)
		}
	}
	for name, doc := range iamDocuments(built) {
		files[filepath.Join("policies-iam", name)] = doc
	}
	deployerDocs, err := deployerDocuments(built, file.Context)
	if err != nil {
		return err
	}
	// Minified, as IAM and Organizations store them: a file's size is
	// what counts against the quotas.
	for name, doc := range deployerDocs {
		files[filepath.Join("policies-iam", name)] = doc.JSON()
	}
	files[filepath.Join("policies-organizations", "delegation.json")] = deployer.Delegation(cfg, file.Context).JSON()
	resources, err := resourceList(built.Resources, desired.OrgBackupComponent)
	if err != nil {
		return err
	}
	files["resources.json"] = resources
	// What OrgPrerequisites registers from the same configuration, in the
	// organization's management account; nothing looked up, so every
	// organization setting is a manual step.
	mgmt := file.Context
	mgmt.AccountID = mgmt.ManagementAccountID
	prereqs, err := prerequisites.Build(file.Config, mgmt, file.Context.AccountID, prerequisites.Options{})
	if err != nil {
		return err
	}
	if files[filepath.Join("org-prerequisites", "resources.json")], err = resourceList(prereqs.Resources,
		desired.OrgPrerequisitesComponent); err != nil {
		return err
	}
	files[filepath.Join("org-prerequisites", "manual-steps.sh")] = manualSteps(prereqs.ManualSteps)
	for _, r := range prereqs.Resources {
		// The guard SCPs, readable, as policies-iam/central holds OrgBackup's.
		if input, ok := desired.PolicyInput(r); ok {
			files[filepath.Join("org-prerequisites", "policies", r.Name+".json")] = r.Inputs[input].(string)
		}
	}
	if err := importFiles(built, file.Context, opts.migrate, files); err != nil {
		return err
	}
	estimate := cost.Estimate(built, cost.DefaultAssumptions())
	files["cost.md"] = estimate.Markdown()
	files["cost.json"] = estimate.JSON()
	files["diagram.md"] = diagram.Markdown(built)
	for _, key := range cfg.DeploymentKeys() {
		m := protection.Build(cfg, file.Context, key)
		files[filepath.Join("protection", key+".json")] = m.JSON()
		files[filepath.Join("protection", key+".md")] = m.Markdown()
	}
	// What a member's customer managed key needs for the copies to the
	// backup account, for the key's owner to paste into its policy.
	files[filepath.Join("key-policies", "customer-managed-key-statement.json")] = iam.StatementsJSON(
		iam.CustomerManagedKeySharing(file.Context.Partition, file.Context.AccountID))
	if err := write(opts.out, files); err != nil {
		return err
	}
	summarize(stdout, built, prereqs.Resources)
	fmt.Fprintln(stdout, estimate.Summary())
	return nil
}

// loadFile reads the configuration; with fromAWS, its context block comes
// from the caller's AWS credentials instead of the file.
func loadFile(data []byte, fromAWS bool, stderr io.Writer) (config.File, error) {
	if !fromAWS {
		return config.Load(data)
	}
	file, err := config.LoadInputs(data)
	if err != nil {
		return config.File{}, err
	}
	if file.Context != (config.Context{}) {
		fmt.Fprintln(stderr, "warning: context: the file's context block is replaced by the one --context-from-aws looked up")
	}
	ctx := context.Background()
	// The SDK's own warnings (such as its instance metadata fallback) would
	// interleave with render's; its errors reach the user below.
	cfg, err := awscontext.Load(ctx, awsconfig.WithLogger(logging.Nop{}))
	if err != nil {
		return config.File{}, fmt.Errorf("--context-from-aws: %w", err)
	}
	if file.Context, err = awscontext.Lookup(ctx, cfg); err != nil {
		return config.File{}, fmt.Errorf("--context-from-aws: %w", err)
	}
	return file, nil
}

// importFiles adds import.json and terraform-addresses.txt to files.
func importFiles(built central.Result, ctx config.Context, migrate migrationOptions,
	files map[string]string,
) error {
	imports := migration.Import(built.Config, ctx, built, migrate.component)
	if migrate.terraformState != "" {
		state, err := os.ReadFile(migrate.terraformState)
		if err != nil {
			return err
		}
		if imports, err = migration.Fill(imports, state); err != nil {
			return err
		}
	}
	out, err := json.MarshalIndent(imports, "", "  ")
	if err != nil {
		return err
	}
	files["import.json"] = string(out) + "\n"
	files["terraform-addresses.txt"] = strings.Join(migration.TerraformAddresses(imports), "\n") + "\n"
	return nil
}

// iamDocuments returns every policy document of the central plan and of
// each deployment's member resources, by file name.
func iamDocuments(built central.Result) map[string]string {
	cfg := built.Config
	docs := map[string]string{}
	for _, r := range built.Resources {
		input, ok := desired.PolicyInput(r)
		if !ok {
			continue
		}
		name := r.Name
		if input == desired.TrustPolicyInput {
			name += ".trust"
		}
		docs[filepath.Join("central", name+".json")] = r.Inputs[input].(string)
	}
	for _, key := range cfg.DeploymentKeys() {
		for name, doc := range member.Documents(built.Deployments[key].Member, cfg.MemberAccountResources == config.StackSet) {
			docs[filepath.Join("member", key, name+".json")] = doc.JSON()
		}
		for region, s := range built.Deployments[key].Regions {
			if s.ExistingTopicPolicy != "" {
				dir := filepath.Join("existing-alert-topics", key)
				docs[filepath.Join(dir, region+".topic-policy.json")] = s.ExistingTopicPolicy
				docs[filepath.Join(dir, region+".key-policy-statements.json")] = s.ExistingTopicKeyStatements
			}
		}
	}
	return docs
}

// deployerDocuments are the permissions of the principals that run
// OrgBackup (deployer-<n>.json) and, for each deployment, a MemberAccount
// (deployer-member/<deployment>-<n>.json), by file name: each principal's
// managed policies, numbered from 1, all attached to it together.
func deployerDocuments(built central.Result, ctx config.Context) (map[string]iam.Document, error) {
	cfg := built.Config
	docs := map[string]iam.Document{}
	add := func(prefix, what string, doc iam.Document) error {
		policies, err := deployer.ManagedPolicies(doc)
		if err != nil {
			return fmt.Errorf("policies-iam/%s-<n>.json, %s: %w", prefix, what, err)
		}
		for i, p := range policies {
			docs[fmt.Sprintf("%s-%d.json", prefix, i+1)] = p
		}
		return nil
	}
	if err := add("deployer", "the permissions of the principal running OrgBackup",
		deployer.Central(cfg, ctx, built.Resources)); err != nil {
		return nil, err
	}
	for _, key := range cfg.DeploymentKeys() {
		in := built.Deployments[key].Member
		in.KMSKeyID = "*" // created by the central stack: any key of the central account
		resources := member.Resources(in, member.Account{ID: deployer.MemberAccountID, Region: cfg.PrimaryRegion(ctx)})
		if err := add(filepath.Join("deployer-member", key), fmt.Sprintf("deployments[%q]'s MemberAccount permissions", key),
			deployer.Member(ctx.Partition, resources)); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// listedResource is a resource as resources.json lists it.
type listedResource struct {
	desired.Resource
	Parent string `json:"parent"`
}

// resourceList is resources.json: the resources, each with its parent,
// the OrgBackup component.
func resourceList(resources []desired.Resource, component string) (string, error) {
	list := make([]listedResource, len(resources))
	for i, r := range resources {
		list[i] = listedResource{Resource: r, Parent: component}
	}
	out, err := json.MarshalIndent(list, "", "  ")
	return string(out) + "\n", err
}

// manualSteps lists the management account's CLI calls that no resource
// makes, in order, as a shell script: a step's note in parentheses
// becomes a comment above it. Enabling all features starts a handshake
// every invited account must accept, so it stays commented out.
func manualSteps(steps []string) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# Run in the organization's management account, before OrgPrerequisites, what it\n" +
		"# does not have yet: render looks nothing up, so every setting the configuration needs is\n" +
		"# listed, and a command whose setting is on already fails harmlessly; `orgbackup doctor`\n" +
		"# tells which are missing (docs/prerequisites.md).\n" +
		"ROOT_ID=$(aws organizations list-roots --query 'Roots[0].Id' --output text)\n")
	for _, step := range steps {
		if command, note, ok := strings.Cut(step, " ("); ok {
			b.WriteString("# " + strings.TrimSuffix(note, ")") + "\n")
			step = command
		}
		if strings.Contains(step, "enable-all-features") {
			b.WriteString("# only if describe-organization shows FeatureSet CONSOLIDATED_BILLING:\n# ")
		}
		b.WriteString(step + "\n")
	}
	return b.String()
}

// write replaces what render writes in dir with files.
func write(dir string, files map[string]string) error {
	for _, sub := range []string{"policies", "resources.json", "stacksets", "policies-iam", "policies-organizations", "import.json",
		"terraform-addresses.txt", "cost.md", "cost.json", "diagram.md", "protection", "org-prerequisites", "key-policies"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return err
		}
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// summarize prints each deployment's plans as configured and as the
// backup plans member accounts get (one per plan, kind and region), and
// each policy's size and how many of those backup plans it holds.
func summarize(w io.Writer, built central.Result, prereqs []desired.Resource) {
	cfg := built.Config
	for _, key := range cfg.DeploymentKeys() {
		d := cfg.Deployments[key]
		perRegion := 0
		for _, p := range d.Plans {
			perRegion += len(p.Kinds())
		}
		fmt.Fprintf(w, "deployment %s: %s in the input, %s per region, %s (%s), targets %s\n", key,
			config.Count(len(d.Plans), "plan"), config.Count(perRegion, "backup plan"), config.Count(len(cfg.Regions), "region"),
			strings.Join(cfg.Regions, ", "), strings.Join(d.BackupTargets, ", "))
		for _, doc := range built.Documents {
			if doc.Deployment == key {
				fmt.Fprintf(w, "  policy %s: %d of %d characters, %s\n",
					doc.Name, len(doc.Content), policy.MaxPolicyCharacters, config.Count(len(doc.PlanKeys), "backup plan"))
			}
		}
		summarizeSafeguards(w, cfg, key, append(slices.Clip(built.Resources), prereqs...))
		summarizeAuditReports(w, built, key)
	}
	fmt.Fprintf(w, "%s under the component\n", config.Count(len(built.Resources), "resource"))
	fmt.Fprintf(w, "%s under OrgPrerequisites, in the management account\n", config.Count(len(prereqs), "resource"))
}

// summarizeSafeguards prints what guards and watches deployment key: its
// guard SCP against the SCP size limit, where its alerts go in each
// region (a created topic gets every subscription), and its reconciler's
// schedule.
func summarizeSafeguards(w io.Writer, cfg config.Config, key string, resources []desired.Resource) {
	topics := map[string]string{}
	for _, r := range resources {
		if r.Deployment != key {
			continue
		}
		if p, ok := desired.ArgsOf[desired.OrganizationPolicyArgs](r); ok && p.Type == desired.ServiceControlPolicy {
			fmt.Fprintf(w, "  guard SCP %s: %d of %d characters\n", r.PhysicalName, len(p.Content),
				central.MaxServiceControlPolicyCharacters)
		}
		if r.Type == desired.SNSTopic {
			topics[r.Region] = r.PhysicalName
		}
	}
	alerts := cfg.DeploymentAlerts(key)
	for _, region := range cfg.Regions {
		if name, ok := topics[region]; ok {
			fmt.Fprintf(w, "  alerts in %s: topic %s, %s\n", region, name,
				config.Count(len(alerts.Subscriptions), "subscription"))
		} else if arn, ok := alerts.TopicArns[region]; ok {
			fmt.Fprintf(w, "  alerts in %s: existing topic %s\n", region, arn)
		}
	}
	r := cfg.Deployments[key].ReconciliationSettings()
	fmt.Fprintf(w, "  reconciler: %s, grace period %d hours\n", r.ScheduleExpression, *r.GracePeriodHours)
	if rt := cfg.Deployments[key].RestoreTestingSettings(); rt != nil {
		types := rt.ResourceTypeNames()
		runs := "runs not understood"
		if n, ok := cost.RunsPerMonth(rt.ScheduleExpression); ok {
			runs = fmt.Sprintf("%.1f restore testing jobs a month per tested resource (%.1f runs × %d regions)",
				n*float64(len(cfg.Regions)), n, len(cfg.Regions))
		}
		fmt.Fprintf(w, "  restore testing: %s, %s (%s): %s, each charged by AWS Backup per job and per GB "+
			"restored, plus the restored resource's own running cost for up to its validation window (see cost.md)\n",
			rt.ScheduleExpression, config.Count(len(types), "resource type"), strings.Join(types, ", "), runs)
	}
}
