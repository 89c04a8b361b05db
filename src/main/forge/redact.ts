/** Remote URLs can carry credentials (https://user:token@host/…): never show them. */
export { redactUrlCredentials as redactUrls } from '../../shared/secrets';
