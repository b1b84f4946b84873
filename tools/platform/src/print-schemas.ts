import { writeSchemas } from './schemas';

void writeSchemas().then(
  (changed) => {
    process.stdout.write(
      changed.length === 0
        ? 'schemas up to date\n'
        : `wrote ${changed.map((n) => `services/${n}/schema.graphql`).join(', ')}\n`,
    );
  },
  (error: unknown) => {
    process.stderr.write(`printing schemas failed: ${String(error)}\n`);
    process.exit(1);
  },
);
