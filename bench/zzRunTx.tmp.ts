import { tableTransactionsBench } from '/work/main/bench/tableTransactions.bench';
tableTransactionsBench.run().then((result) => { console.log(JSON.stringify(result.figures)); process.exit(0); }, (error) => { console.error(error); process.exit(1); });
