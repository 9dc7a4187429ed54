import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '@baoxue/domain';
import { OutgoingMessage, SendResult } from './outgoing-message';

/** Sends a text message; bind a real provider to SMS_SENDER to replace the logging one. */
export interface SmsSender {
  send(phone: string, message: OutgoingMessage): Promise<SendResult>;
}

export const SMS_SENDER = Symbol('SmsSender');

/** The text of an SMS: short, the title and the link only. */
export function smsText(message: OutgoingMessage): string {
  return message.url ? `【控辍保学】${message.title} ${message.url}` : `【控辍保学】${message.title}`;
}

/** Logs that a message would go out (masked number, no content) and succeeds. */
@Injectable()
export class LoggingSmsSender implements SmsSender {
  private readonly logger = new Logger('Sms');

  async send(phone: string, message: OutgoingMessage): Promise<SendResult> {
    this.logger.log(`SMS to ${maskPhone(phone)} (${smsText(message).length} characters)`);
    return { ok: true };
  }
}
