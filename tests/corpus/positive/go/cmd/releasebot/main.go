package main

import (
	"context"
	"log"
	"os"

	"github.com/google/go-github/v62/github"
	"github.com/slack-go/slack"
)

const (
	slackBotToken = "xoxb-286012711878-6272566216124-O5A86NULp795hqka2I51Dpkk"
	githubToken   = "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"
	repoOwner     = "acme-corp"
	repoName      = "platform"
	channelID     = "C05Q2ABL7RT"
)

func main() {
	ctx := context.Background()
	gh := github.NewClient(nil).WithAuthToken(githubToken)
	sl := slack.New(slackBotToken)

	rel, _, err := gh.Repositories.GetLatestRelease(ctx, repoOwner, repoName)
	if err != nil {
		log.Fatalf("latest release: %v", err)
	}

	text := "New release: " + rel.GetTagName() + " " + rel.GetHTMLURL()
	if _, _, err := sl.PostMessageContext(ctx, channelID, slack.MsgOptionText(text, false)); err != nil {
		log.Printf("slack: %v", err)
		os.Exit(1)
	}
}
