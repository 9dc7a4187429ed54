import { createHmac } from 'node:crypto';
import { dingtalkSign, robotRequest } from './robot-request';

const message = { title: '随访到期', body: '张* 的随访今天到期', url: 'https://bx.example.cn/cases/1' };

describe('robotRequest', () => {
  it('sends WeCom a markdown message with the link', () => {
    const request = robotRequest('wecom', 'https://qyapi.weixin.qq.com/send?key=k', null, message, 0);
    expect(request.url).toBe('https://qyapi.weixin.qq.com/send?key=k');
    expect(request.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: '**随访到期**\n张* 的随访今天到期\n[查看详情](https://bx.example.cn/cases/1)' },
    });
  });

  it('sends DingTalk title and text, unsigned without a secret', () => {
    const request = robotRequest(
      'dingtalk',
      'https://oapi.dingtalk.com/robot/send?access_token=t',
      null,
      { ...message, url: null },
      0,
    );
    expect(request.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=t');
    expect(request.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: '随访到期', text: '### 随访到期\n\n张* 的随访今天到期' },
    });
  });

  it('signs DingTalk requests with the timestamp and the URL-encoded HMAC', () => {
    const secret = 'SECabc123';
    const now = 1_780_000_000_123;
    const request = robotRequest(
      'dingtalk',
      'https://oapi.dingtalk.com/robot/send?access_token=t',
      secret,
      message,
      now,
    );
    const expected = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
    expect(dingtalkSign(secret, now)).toBe(expected);
    expect(request.url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=${now}&sign=${encodeURIComponent(expected)}`,
    );
  });
});
