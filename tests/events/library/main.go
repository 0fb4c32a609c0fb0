// Command library writes the alert patterns of provider/events for every
// deployment and region of the given example configurations, as the events
// tier reads them beside the rendered rules: FailedJobs(…) of each deployment and Region. The tier thus
// checks the function itself, whether or not render plans its rules.
//
//	go run ./tests/events/library --out FILE examples/config/*.yaml
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
)

// rule is one pattern with where it applies.
type rule struct {
	Example    string `json:"example"`
	Deployment string `json:"deployment"`
	Region     string `json:"region"`
	Name       string `json:"name"`
	Pattern    string `json:"pattern"`
}

func main() {
	out := flag.String("out", "", "the JSON file to write")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: library --out FILE CONFIG...")
		os.Exit(2)
	}
	var rules []rule
	for _, path := range flag.Args() {
		rs, err := patterns(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(1)
		}
		rules = append(rules, rs...)
	}
	data, err := json.MarshalIndent(rules, "", "  ")
	if err == nil {
		err = os.MkdirAll(filepath.Dir(*out), 0o755)
	}
	if err == nil {
		err = os.WriteFile(*out, append(data, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// patterns plans path's configuration as render does and lists the alert
// patterns of each deployment and region.
func patterns(path string) ([]rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file, err := config.Load(data)
	if err != nil {
		return nil, err
	}
	plan, err := central.Build(file.Config, file.Context)
	if err != nil {
		return nil, err
	}
	cfg := plan.Config
	example := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var rules []rule
	for _, key := range cfg.DeploymentKeys() {
		for _, region := range cfg.Regions {
			if _, ok := plan.Deployments[key].Regions[region]; !ok {
				continue
			}
			s := plan.Deployments[key].Regions[region]
			c := events.CentralCopies{Intermediate: s.IntermediateVaultARN, Standard: s.StandardVaultARNs, LAG: s.LAGVaultARNs}
			rules = append(rules, rule{example, key, region, "events.FailedJobs(…)", events.FailedJobs(c).JSON()})
		}
	}
	return rules, nil
}
