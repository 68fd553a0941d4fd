import KubeLedgerCommands

KubeLedgerCommand.runMain()
