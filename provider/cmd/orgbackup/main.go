// Command orgbackup renders what an OrgBackup would create, offline:
//
//	orgbackup render --config FILE --out DIR
//
// FILE holds the OrgBackup inputs (YAML or JSON, the schema's names) and a
// context block with what the component looks up in AWS. DIR receives:
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
//	policies-iam/deployer.json    the IAM permissions the principal running OrgBackup needs
//	policies-iam/deployer-member/<deployment>.json  those of the principal running a MemberAccount
//	import.json                   `pulumi import --file` of what the reference Terraform module created
//	terraform-addresses.txt       where that module's state holds them (docs/migration.md)
//
// --name is the OrgBackup resource's name in the program (default
// "backup"); --terraform-state FILE, the output of `terraform show -json`
// of the reference module's stack, fills in the ids only AWS knows.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/migration"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: orgbackup render --config FILE --out DIR [--name NAME] [--terraform-state FILE]"

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "render" {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	flags := flag.NewFlagSet("render", flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "OrgBackup inputs with a context block (YAML or JSON)")
	outDir := flags.String("out", "", "directory to write the rendered files to")
	name := flags.String("name", "backup", "the OrgBackup resource's name in the program, for import.json")
	terraformState := flags.String("terraform-state", "", "`FILE` written by terraform show -json for the reference module's stack, to fill import.json's ids")
	if err := flags.Parse(args[1:]); err != nil {
		return 2
	}
	if *configPath == "" || *outDir == "" {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if err := render(*configPath, *outDir, migrationOptions{*name, *terraformState}, stdout, stderr); err != nil {
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

// migrationOptions name the component and the Terraform state import.json is for.
type migrationOptions struct {
	component      string
	terraformState string // "" leaves the lookups in import.json
}

// render writes the files of configPath to outDir, the summary to stdout
// and every warning to stderr.
func render(configPath, outDir string, migrate migrationOptions, stdout, stderr io.Writer) error {
	data, err := os.ReadFile(configPath)
	if err != nil {
		return err
	}
	file, err := config.Load(data)
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
	for name, doc := range deployerDocuments(built, file.Context) {
		var indented bytes.Buffer
		if err := json.Indent(&indented, []byte(doc.JSON()), "", "  "); err != nil {
			return err
		}
		files[filepath.Join("policies-iam", name)] = indented.String() + "\n"
	}
	resources, err := resourceList(built.Resources)
	if err != nil {
		return err
	}
	files["resources.json"] = resources
	if err := importFiles(built, file.Context, migrate, files); err != nil {
		return err
	}
	if err := write(outDir, files); err != nil {
		return err
	}
	summarize(stdout, built)
	return nil
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
// OrgBackup and, for each deployment, a MemberAccount, by file name.
func deployerDocuments(built central.Result, ctx config.Context) map[string]iam.Document {
	cfg := built.Config
	docs := map[string]iam.Document{"deployer.json": deployer.Central(cfg, ctx, built.Resources)}
	for _, key := range cfg.DeploymentKeys() {
		in := built.Deployments[key].Member
		in.KMSKeyID = "*" // created by the central stack: any key of the central account
		resources := member.Resources(in, member.Account{ID: deployer.MemberAccountID, Region: cfg.PrimaryRegion(ctx)})
		docs[filepath.Join("deployer-member", key+".json")] = deployer.Member(ctx.Partition, resources)
	}
	return docs
}

// listedResource is a resource as resources.json lists it.
type listedResource struct {
	desired.Resource
	Parent string `json:"parent"`
}

// resourceList is resources.json: the resources, each with its parent,
// the OrgBackup component.
func resourceList(resources []desired.Resource) (string, error) {
	list := make([]listedResource, len(resources))
	for i, r := range resources {
		list[i] = listedResource{Resource: r, Parent: desired.OrgBackupComponent}
	}
	out, err := json.MarshalIndent(list, "", "  ")
	return string(out) + "\n", err
}

// write replaces what render writes in dir with files.
func write(dir string, files map[string]string) error {
	for _, sub := range []string{"policies", "resources.json", "stacksets", "policies-iam", "import.json", "terraform-addresses.txt"} {
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
func summarize(w io.Writer, built central.Result) {
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
		summarizeSafeguards(w, cfg, key, built.Resources)
	}
	fmt.Fprintf(w, "%s under the component\n", config.Count(len(built.Resources), "resource"))
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
}
